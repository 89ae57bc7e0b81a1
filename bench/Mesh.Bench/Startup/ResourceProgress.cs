namespace Mesh.Bench.Startup;

/// <summary>
/// How far one resource of an AppHost run has come, in seconds since <c>dotnet run</c> was started. Written by the
/// start-up watcher's loops, each under the watcher's lock.
/// </summary>
internal sealed class ResourceProgress(ResourceIdentity identity, double launched)
{
    public ResourceIdentity Identity { get; private set; } = identity;

    /// <summary>When its first process started (DCP's <c>dotnet run --no-build</c> for a project).</summary>
    public double Launched { get; } = launched;

    /// <summary>When its program started (later than <see cref="Launched"/> only for a project started through <c>dotnet run</c>).</summary>
    public double? Started { get; private set; }

    /// <summary>When every port it names was listening.</summary>
    public double? Listening { get; set; }

    /// <summary>When its health or readiness endpoint first answered 2xx.</summary>
    public double? Healthy { get; set; }

    /// <summary>Whether it is up: healthy, or listening for a resource without a health endpoint.</summary>
    public bool IsUp => Identity.Health is null ? Identity.Ports.Count == 0 || Listening is not null : Healthy is not null;

    /// <summary>Another process of the same resource: the program its launcher started.</summary>
    public void Add(ResourceIdentity process, double started)
    {
        if (!process.IsLauncher && Started is null)
        {
            Started = started;
            Identity = process;
        }
    }

    public ResourceTimeline ToTimeline() => new(Identity.Name, Identity.Kind, Launched, Started, Listening, Healthy);
}

/// <summary>One resource's start-up, in seconds since <c>dotnet run</c> was started (null: not seen).</summary>
/// <param name="Launched">Its first process started.</param>
/// <param name="Started">Its program started (for a project, after DCP's <c>dotnet run --no-build</c> started it).</param>
/// <param name="Listening">Every port it names was listening.</param>
/// <param name="Healthy">Its health endpoint answered 2xx (<c>/readyz</c> for sidecars, <c>/healthz</c> for the control plane, <c>/health</c> for apps).</param>
internal sealed record ResourceTimeline(string Name, string Kind, double Launched, double? Started, double? Listening, double? Healthy);
