using System.Net.Http.Json;
using System.Text.Json;
using Mesh.Model.Protocol;
using Mesh.Sidecar.Configuration;
using Mesh.Sidecar.Identity;
using Mesh.Sidecar.Listeners;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using Polly;
using Polly.Retry;

namespace Mesh.Sidecar.ControlPlane;

/// <summary>
/// Holds the push stream to the control plane: registers the workload, applies each snapshot line, and
/// reconnects when the stream fails or falls silent for three ping intervals. It never gives up and
/// never crashes the sidecar: without a control plane the sidecar keeps serving its last snapshot.
/// </summary>
internal sealed partial class ControlPlaneClient(
    IOptions<SidecarOptions> options,
    SidecarIdentity self,
    ControlPlaneHttp connections,
    WorkloadRegistrationFactory registrations,
    SnapshotApplier snapshots,
    ControlPlaneState state,
    ReportSignal reportSignal,
    ListenerPorts ports,
    WorkloadIdentity identity,
    TimeProvider time,
    ILogger<ControlPlaneClient> logger) : BackgroundService
{
    // Retry quickly at first (a control plane starting beside us answers within a second), then every 2 s.
    internal static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(250);
    internal static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(2);

    // During one outage the failure is logged once, then at most this often.
    internal static readonly TimeSpan OutageLogInterval = TimeSpan.FromSeconds(30);

    private DateTimeOffset? _outageSince;
    private DateTimeOffset _lastOutageLog;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The registration carries the bound inbound port, known once Kestrel has bound its listeners, and says whether
        // the sidecar takes mutual TLS: with a token it joins once it holds its first certificate, so callers never
        // open mutual TLS to a sidecar that cannot answer it yet.
        try
        {
            await ports.Bound.WaitAsync(stoppingToken);
            if (identity.Enabled)
            {
                await identity.First.WaitAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        try
        {
            await KeepStreamAsync(CreateReconnectPipeline(time, OnFailure), TryStreamAsync, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>How one try at the stream ended: why, and whether it had connected first.</summary>
    internal sealed record StreamEnd(string Reason, bool Connected);

    /// <summary>
    /// Polly's retry with the stream's backoff: 250 ms, 500 ms, 1 s, then every 2 s, for ever. No jitter: a handful of
    /// sidecars on one machine make no herd to spread, and the delays stay exact for tests.
    /// </summary>
    internal static ResiliencePipeline<StreamEnd> CreateReconnectPipeline(TimeProvider time, Action<string> onFailure) =>
        new ResiliencePipelineBuilder<StreamEnd> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<StreamEnd>
            {
                BackoffType = DelayBackoffType.Exponential,
                Delay = InitialBackoff,
                MaxDelay = MaxBackoff,
                UseJitter = false,
                MaxRetryAttempts = int.MaxValue,
                // A stream that connected ends the execution: the next outage starts from the shortest delay again.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Connected: false }),
                OnRetry = args =>
                {
                    onFailure(args.Outcome.Result!.Reason);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>
    /// Tries the stream until stopped, one execution of <paramref name="reconnect"/> per outage. A stream that was open and
    /// ended is the next outage's first failed try, so its retries wait 250 ms, 500 ms, ... from the moment it ended.
    /// </summary>
    internal static async Task KeepStreamAsync(ResiliencePipeline<StreamEnd> reconnect,
        Func<CancellationToken, ValueTask<StreamEnd>> tryStream, CancellationToken stoppingToken)
    {
        string? lost = null;
        while (true)
        {
            lost = (await reconnect.ExecuteAsync(token =>
            {
                if (lost is { } reason)
                {
                    lost = null;
                    return ValueTask.FromResult(new StreamEnd(reason, Connected: false));
                }

                return tryStream(token);
            }, stoppingToken)).Reason;
        }
    }

    private async ValueTask<StreamEnd> TryStreamAsync(CancellationToken stoppingToken)
    {
        var connected = false;
        try
        {
            return new(await RunStreamAsync(() => connected = true, stoppingToken), connected);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // Whatever went wrong, the sidecar keeps serving and tries again; only a surprise gets a stack trace.
            if (ex is not (HttpRequestException or IOException or TimeoutException or OperationCanceledException or JsonException))
            {
                Log.UnexpectedFailure(logger, ex);
            }

            return new(Describe(ex), connected);
        }
    }

    /// <summary>Opens one stream and reads it until it ends; returns why it ended.</summary>
    private async Task<string> RunStreamAsync(Action onConnected, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var deadAfter = settings.PingInterval * 3;
        var reconnect = state.NextStreamToken();
        using var stream = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, reconnect);

        // The stream is a long-lived control channel, not traffic: keep it out of traces.
        using var suppress = SuppressInstrumentationScope.Begin();
        using var request = connections.Authorized(new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, ControlPlaneRoutes.StreamFor(self.Workload)))
        {
            Content = JsonContent.Create(registrations.Create(), MeshJsonContext.Default.WorkloadRegistration),
        });

        stream.CancelAfter(deadAfter);
        using var response = await SendAsync(request, deadAfter, stream.Token, reconnect, stoppingToken);
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase} from {request.RequestUri}";
        }

        state.OnConnected();
        onConnected();
        OnConnected();

        var reader = new StreamLineReader(await response.Content.ReadAsStreamAsync(stream.Token), StreamLineReader.DefaultMaxLineBytes);
        while (true)
        {
            stream.CancelAfter(deadAfter);
            byte[]? line;
            try
            {
                line = await reader.ReadLineAsync(stream.Token);
            }
            catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
            {
                return WhyCancelled(reconnect.IsCancellationRequested, deadAfter, settings.PingInterval);
            }
            catch (StreamLineTooLongException e)
            {
                Log.LineTooLong(logger, e.MaxLineBytes);
                return e.Message;
            }

            if (line is null)
            {
                return "the control plane closed the stream";
            }

            state.OnContact();
            if (line.Length > 0)
            {
                // On a thread-pool thread: with inline sockets (Primitives/InlineSockets) this read's continuation runs on a
                // socket thread, and compiling a snapshot there would hold up every socket that thread serves.
                await Task.Run(() => Handle(line), CancellationToken.None);
            }
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, TimeSpan deadAfter, CancellationToken token,
        CancellationToken reconnect, CancellationToken stoppingToken)
    {
        try
        {
            return await connections.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && !reconnect.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer within {deadAfter.TotalSeconds:0.#}s");
        }
    }

    private void Handle(byte[] line)
    {
        StreamMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(line, MeshJsonContext.Default.StreamMessage);
        }
        catch (JsonException ex)
        {
            Log.BadLine(logger, ex.Message);
            return;
        }

        switch (message?.Type)
        {
            case StreamMessageTypes.Ping:
                break;
            case StreamMessageTypes.Snapshot when message.Snapshot is { } snapshot:
                if (snapshots.TryApply(snapshot, out var reason))
                {
                    Log.SnapshotApplied(logger, snapshot.Version, snapshot.Services.Count);
                }
                else
                {
                    Log.SnapshotRejected(logger, snapshot.Version, reason!);
                }

                // ACK or NACK now rather than at the next tick.
                reportSignal.Set();
                break;
            default:
                Log.UnknownMessage(logger, message?.Type);
                break;
        }
    }

    private void OnConnected()
    {
        if (_outageSince is { } since)
        {
            Log.Reconnected(logger, DisplayUrl, (time.GetUtcNow() - since).TotalSeconds);
            _outageSince = null;
        }
        else
        {
            Log.Connected(logger, DisplayUrl);
        }
    }

    private void OnFailure(string reason)
    {
        state.OnDisconnected(reason);
        var now = time.GetUtcNow();
        if (_outageSince is null)
        {
            _outageSince = now;
            _lastOutageLog = now;
            var current = snapshots.Current;
            if (current is null)
            {
                Log.UnreachableNotReady(logger, DisplayUrl, reason, MaxBackoff.TotalSeconds);
            }
            else
            {
                Log.UnreachableServingLast(logger, DisplayUrl, reason, current.Version, MaxBackoff.TotalSeconds);
            }
        }
        else if (now - _lastOutageLog >= OutageLogInterval)
        {
            _lastOutageLog = now;
            Log.StillUnreachable(logger, DisplayUrl, (now - _outageSince.Value).TotalSeconds, reason);
        }
    }

    private static string WhyCancelled(bool reconnectRequested, TimeSpan deadAfter, TimeSpan pingInterval) =>
        reconnectRequested
            ? "the control plane no longer knows this sidecar; registering again"
            : $"no message for {deadAfter.TotalSeconds:0.#}s (3 × the {pingInterval.TotalSeconds:0.#}s ping interval)";

    private Uri BaseUri => new(DisplayUrl + "/");

    private string DisplayUrl => self.ControlPlane;

    /// <summary>The innermost, most specific message of a failure, e.g. <c>Connection refused</c>.</summary>
    internal static string Describe(Exception exception)
    {
        var inner = exception;
        while (inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }

    private static partial class Log
    {
        [LoggerMessage(401, LogLevel.Information, "Connected to control plane {ControlPlane}")]
        public static partial void Connected(ILogger logger, string controlPlane);

        [LoggerMessage(402, LogLevel.Information, "Control plane {ControlPlane} reachable again after {OutageSeconds:0.#}s")]
        public static partial void Reconnected(ILogger logger, string controlPlane, double outageSeconds);

        [LoggerMessage(403, LogLevel.Warning, "Control plane {ControlPlane} unreachable: {Reason}. Not ready until it answers; retrying every {RetrySeconds}s at most")]
        public static partial void UnreachableNotReady(ILogger logger, string controlPlane, string reason, double retrySeconds);

        [LoggerMessage(404, LogLevel.Warning, "Control plane {ControlPlane} unreachable: {Reason}. Serving last snapshot {Version} until it answers; retrying every {RetrySeconds}s at most")]
        public static partial void UnreachableServingLast(ILogger logger, string controlPlane, string reason, string version, double retrySeconds);

        [LoggerMessage(405, LogLevel.Warning, "Control plane {ControlPlane} still unreachable after {OutageSeconds:0}s: {Reason}")]
        public static partial void StillUnreachable(ILogger logger, string controlPlane, double outageSeconds, string reason);

        [LoggerMessage(406, LogLevel.Information, "Applied snapshot {Version} ({Services} services)")]
        public static partial void SnapshotApplied(ILogger logger, string version, int services);

        [LoggerMessage(407, LogLevel.Warning, "Refused snapshot {Version}: {Reason}. The last good snapshot stays in force")]
        public static partial void SnapshotRejected(ILogger logger, string? version, string reason);

        [LoggerMessage(408, LogLevel.Warning, "Ignored a stream line that is not a stream message: {Error}")]
        public static partial void BadLine(ILogger logger, string error);

        [LoggerMessage(409, LogLevel.Debug, "Ignored a stream message of unknown type '{Type}'")]
        public static partial void UnknownMessage(ILogger logger, string? type);

        [LoggerMessage(410, LogLevel.Error, "Unexpected failure on the control-plane stream; reconnecting")]
        public static partial void UnexpectedFailure(ILogger logger, Exception exception);

        [LoggerMessage(411, LogLevel.Warning, "The control plane sent a stream line longer than {MaxLineBytes} bytes, which no snapshot is; dropping the stream and registering again")]
        public static partial void LineTooLong(ILogger logger, int maxLineBytes);
    }
}
