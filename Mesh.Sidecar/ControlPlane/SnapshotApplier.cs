using System.Diagnostics.CodeAnalysis;
using Mesh.Model.Snapshots;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Inbound;
using Mesh.Sidecar.Outbound;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Applies a pushed snapshot: checks it, compiles the outbound stack's part and the inbound stack's part, and only when
/// both compile publishes them to the stacks' watches (each a single reference write). A snapshot that fails is refused
/// whole (the NACK to report) and the last good one stays in force, as Envoy rejects a config it cannot load.
/// </summary>
internal sealed class SnapshotApplier(
    OutboundCompiler outboundCompiler,
    InboundPolicyCompiler inboundCompiler,
    Watch<OutboundModel> outbound,
    Watch<InboundPolicy> inbound,
    MeshTrust trust,
    TimeProvider time)
{
    private readonly TaskCompletionSource _firstApplied = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AppliedSnapshot? _current;
    private Rejection? _lastRejection;

    /// <summary>Completes when the first snapshot is in force: the end of the sidecar's start-up.</summary>
    public Task FirstApplied => _firstApplied.Task;

    /// <summary>The applied snapshot, or null before the first one arrives.</summary>
    public AppliedSnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The last snapshot refused (the NACK to report), if any since the last accepted one.</summary>
    public Rejection? LastRejection => Volatile.Read(ref _lastRejection);

    /// <summary>Compiles and puts a snapshot in force; a snapshot that does not compile is refused and the current one stays.</summary>
    public bool TryApply(SidecarSnapshot snapshot, [NotNullWhen(false)] out string? reason)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (!TryCompile(snapshot, out var outboundModel, out var inboundPolicy, out reason))
        {
            Volatile.Write(ref _lastRejection, new Rejection(snapshot.Version, reason));
            return false;
        }

        // Before the stacks change: a peer holding a certificate from a new root is trusted by the time it is routed to.
        try
        {
            trust.Accept(snapshot.TrustBundle ?? [], snapshot.TrustBundleSignature);
        }
        catch (InvalidDataException ex)
        {
            reason = ex.Message;
            Volatile.Write(ref _lastRejection, new Rejection(snapshot.Version, reason));
            return false;
        }

        outbound.Publish(outboundModel);
        inbound.Publish(inboundPolicy);
        Volatile.Write(ref _current, new AppliedSnapshot(snapshot, time.GetUtcNow()));
        Volatile.Write(ref _lastRejection, null);
        _firstApplied.TrySetResult();
        return true;
    }

    private bool TryCompile(SidecarSnapshot snapshot, [NotNullWhen(true)] out OutboundModel? outboundModel,
        [NotNullWhen(true)] out InboundPolicy? inboundPolicy, [NotNullWhen(false)] out string? reason)
    {
        outboundModel = null;
        inboundPolicy = null;
        if (string.IsNullOrWhiteSpace(snapshot.Version))
        {
            reason = "the snapshot has no version";
            return false;
        }

        if (snapshot.Services is null)
        {
            reason = "the snapshot has no services list";
            return false;
        }

        try
        {
            if (!outboundCompiler.TryCompile(snapshot, out outboundModel, out reason))
            {
                return false;
            }

            inboundPolicy = inboundCompiler.Compile(snapshot);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A snapshot is input from the wire: whatever the checks above let through and a compiler still cannot load
            // (a regex the runtime refuses, a list the JSON left null) is refused like any other, never an exception
            // that would drop the stream and bring the same snapshot back.
            outboundModel = null;
            inboundPolicy = null;
            reason = $"the snapshot does not compile: {e.Message}";
            return false;
        }
    }

    /// <summary>A refused snapshot's version and the reason.</summary>
    internal sealed record Rejection(string? Version, string Reason);
}
