namespace Mesh.Sidecar.Primitives;

/// <summary>gRPC's status codes, the values of <c>grpc-status</c>, as the gRPC specification numbers them.</summary>
internal enum GrpcStatus
{
    /// <summary>0: success.</summary>
    Ok = 0,

    /// <summary>1: the call was cancelled, typically by the caller.</summary>
    Cancelled = 1,

    /// <summary>2: an error with no better status (Envoy's answer for an HTTP status it cannot map).</summary>
    Unknown = 2,

    /// <summary>3: the caller's argument is invalid.</summary>
    InvalidArgument = 3,

    /// <summary>4: the deadline expired before the call completed.</summary>
    DeadlineExceeded = 4,

    /// <summary>5: an entity was not found.</summary>
    NotFound = 5,

    /// <summary>6: the entity already exists.</summary>
    AlreadyExists = 6,

    /// <summary>7: the caller may not do this (HTTP 403).</summary>
    PermissionDenied = 7,

    /// <summary>8: a quota or resource ran out.</summary>
    ResourceExhausted = 8,

    /// <summary>9: the system is not in a state the call needs.</summary>
    FailedPrecondition = 9,

    /// <summary>10: aborted, e.g. by a concurrency conflict.</summary>
    Aborted = 10,

    /// <summary>11: past the valid range.</summary>
    OutOfRange = 11,

    /// <summary>12: the method or service is not implemented (HTTP 404).</summary>
    Unimplemented = 12,

    /// <summary>13: an internal error (HTTP 400, Envoy's mapping).</summary>
    Internal = 13,

    /// <summary>14: the service is unavailable for now (HTTP 429, 502, 503, 504): a retry may succeed.</summary>
    Unavailable = 14,

    /// <summary>15: unrecoverable data loss.</summary>
    DataLoss = 15,

    /// <summary>16: the caller has no valid credentials (HTTP 401).</summary>
    Unauthenticated = 16,
}
