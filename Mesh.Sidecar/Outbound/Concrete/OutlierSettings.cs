namespace Mesh.Sidecar.Outbound.Concrete;

/// <summary>
/// One cluster's passive health checking, as Istio's <c>DestinationRule.trafficPolicy.outlierDetection</c>
/// (Envoy's <c>outlier_detection</c>). Defaults are Istio's, so an empty rule behaves as it does there.
/// </summary>
internal sealed record OutlierSettings
{
    /// <summary>Consecutive 5xx (or connect failures) that eject an endpoint; 0 = off. Istio's default is 5.</summary>
    public int Consecutive5xxErrors { get; init; } = 5;

    /// <summary>Consecutive 502/503/504 (or connect failures) that eject an endpoint; 0 = off (Istio's default).</summary>
    public int ConsecutiveGatewayErrors { get; init; }

    /// <summary>Envoy's sweep interval; here the period over which an ejection multiplier decays. Istio: 10 s.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The first ejection's length; the n-th in a row lasts n times this. Istio: 30 s.</summary>
    public TimeSpan BaseEjectionTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The most endpoints ejected at once, in percent (at least one when above 0). Istio: 10.</summary>
    public int MaxEjectionPercent { get; init; } = 10;

    /// <summary>
    /// Below this share of un-ejected endpoints, ejection is ignored and every endpoint is used (Envoy's panic
    /// threshold). Istio: 0, i.e. never panic.
    /// </summary>
    public int MinHealthPercent { get; init; }
}
