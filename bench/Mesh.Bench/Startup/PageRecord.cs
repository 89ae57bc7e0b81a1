namespace Mesh.Bench.Startup;

/// <summary>One product page requested through the gateway while Bookinfo came up.</summary>
/// <param name="At">When its answer ended, in seconds since <c>dotnet run</c> was started.</param>
/// <param name="LatencyMs">From sending the request to the end of the answer.</param>
/// <param name="Status">The HTTP status; 0 when no answer came (<paramref name="Note"/> says why).</param>
/// <param name="AfterStartup">Sent once start-up was over: every resource up, every sidecar's app among them.</param>
internal sealed record PageRecord(double At, double LatencyMs, int Status, bool Complete, bool Error, string Note, bool AfterStartup)
{
    /// <summary>Bookinfo's productpage gives details and reviews 3 s each: a page slower than that stalled behind one.</summary>
    public const double StallMs = 3000;

    public bool Stalled => LatencyMs > StallMs;
}
