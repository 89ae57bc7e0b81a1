namespace Mesh.ControlPlane.Certificates;

/// <summary>A signing request the authority refuses; the message says why, for the sidecar (HTTP 400).</summary>
internal sealed class InvalidSigningRequestException : Exception
{
    public InvalidSigningRequestException()
    {
    }

    public InvalidSigningRequestException(string message)
        : base(message)
    {
    }

    public InvalidSigningRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
