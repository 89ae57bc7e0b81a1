using System.Threading.Channels;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Wakes the reporter before its next tick when something the control plane must learn fast has changed
/// (the app stopped or came back, a snapshot was applied or refused).
/// </summary>
internal sealed class ReportSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Asks for a report now; several calls before the reporter wakes make one report.</summary>
    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>Waits for <see cref="Set"/> or <paramref name="timeout"/>, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _channel.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The tick: report anyway.
        }
    }
}
