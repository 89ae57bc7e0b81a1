using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Carries out one matched route for one request, as Envoy's router filter does: direct responses and
/// redirects, faults, mirrors, the weighted pick of a destination, then tries with the cluster's balancer,
/// circuit breaker and outlier detection, the route's timeout, and retries within the retry budget.
/// </summary>
internal sealed class RouteForwarder(IHttpForwarder forwarder, SidecarConnections connections, MirrorSender mirrors, TimeProvider time, bool faultHeaders)
{
    /// <summary>What happened: the endpoint of the last try (if any) and the response flag.</summary>
    internal readonly record struct Outcome(EndpointModel? Endpoint, ResponseFlag Flag);

    public async Task<Outcome> ForwardAsync(HttpContext context, CompiledRoute route, RequestMatcher? matched)
    {
        var config = route.Config;
        if (config.DirectResponse is { } direct)
        {
            await LocalReply.WriteAsync(context, direct.Status, ResponseFlag.None, direct.Body ?? "");
            return new(null, ResponseFlag.None);
        }

        if (config.Redirect is { } redirect)
        {
            Redirects.Write(context, redirect, matched);
            return new(null, ResponseFlag.None);
        }

        var request = context.Request;
        var delayed = false;
        // Random.Shared is thread-safe: no lock shared by every request of the sidecar.
        var abortStatus = FaultInjector.Abort(config.Fault, request, faultHeaders, Random.Shared);
        var delay = FaultInjector.Delay(config.Fault, request, faultHeaders, Random.Shared);
        var destination = route.PickDestination(Random.Shared);

        // Envoy's fault filter delays first, then aborts.
        if (delay is { } wait)
        {
            try
            {
                await Task.Delay(wait, time, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return new(null, ResponseFlag.DownstreamConnectionTermination);
            }

            delayed = true;
        }

        if (abortStatus is { } status)
        {
            await LocalReply.WriteAsync(context, status, ResponseFlag.FaultInjected, "fault filter abort");
            return new(null, ResponseFlag.FaultInjected);
        }

        var replayable = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        if (route.Mirrors.Length > 0)
        {
            // A body is read once into memory (up to MaxMirroredBody, with a Content-Length) so the mirror gets a
            // copy and the request is rewound for its real destination; larger or chunked bodies are not mirrored.
            var body = replayable ? null : await MirrorSender.ReadBodyAsync(request, context.RequestAborted);
            if (replayable || body is not null)
            {
                SendMirrors(context, route, body);
            }
        }

        var outcome = await TryAllAsync(context, route, destination, matched, replayable);
        return outcome.Flag == ResponseFlag.None && delayed ? outcome with { Flag = ResponseFlag.DelayInjected } : outcome;
    }

    private async Task<Outcome> TryAllAsync(HttpContext context, CompiledRoute route, RouteDestination destination, RequestMatcher? matched, bool replayable)
    {
        var cluster = destination.Cluster;
        var policy = route.Retry;
        using var deadline = route.Config.Timeout is { } timeout && timeout > TimeSpan.Zero
            ? CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted)
            : null;
        deadline?.CancelAfter(route.Config.Timeout!.Value);
        var token = deadline?.Token ?? context.RequestAborted;
        var retry = new RetrySlot(cluster.State.RetryBudget);
        EndpointModel? endpoint = null;
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var retriesLeft = replayable ? policy.Attempts - attempt : 0;
                var (outcome, again) = await TryOnceAsync(context, route, destination, matched, policy, replayable, retriesLeft, retry, endpoint, token);
                endpoint = outcome.Endpoint ?? endpoint;
                if (!again)
                {
                    return outcome;
                }

                await BackoffAsync(policy, attempt + 1, token);
            }
        }
        catch (OperationCanceledException) when (deadline is not null && deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // The route's timeout ran out while waiting for a slot, a backoff or an answer.
            Reset(context);
            await WriteTimeoutAsync(context);
            return new(endpoint, ResponseFlag.UpstreamRequestTimeout);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The caller went away (Envoy's DC); nothing more can be sent.
            return new(endpoint, ResponseFlag.DownstreamConnectionTermination);
        }
        finally
        {
            // A retry still counted when the request ends (timeout, caller gone) gives its budget back.
            retry.End();
        }
    }

    /// <summary>One try: a circuit-breaker slot, an endpoint (not the previous one when another exists), the send. <c>Again</c>: retry.</summary>
    private async Task<(Outcome Outcome, bool Again)> TryOnceAsync(HttpContext context, CompiledRoute route, RouteDestination destination,
        RequestMatcher? matched, RetryPolicy policy, bool replayable, int retriesLeft, RetrySlot retry, EndpointModel? previous, CancellationToken token)
    {
        var cluster = destination.Cluster;
        using var lease = await cluster.State.Limiter.TryEnterAsync(token);
        if (lease is null)
        {
            retry.End();
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.UpstreamOverflow,
                "upstream connect error or disconnect/reset before headers. reset reason: overflow");
            return (new(previous, ResponseFlag.UpstreamOverflow), false);
        }

        var endpoint = cluster.Pick(context, previous);
        if (endpoint is null)
        {
            retry.End();
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.NoHealthyUpstream, LocalReply.NoHealthyUpstream);
            return (new(null, ResponseFlag.NoHealthyUpstream), false);
        }

        var outliers = cluster.State.Outliers;
        var active = cluster.State.Limiter.Active;
        // Asked when an answer arrives: a retriable one is held back if a retry is left and the budget grants it.
        // The retry this try was (if any) ends first, so a budget of one can chain retries as Envoy's does.
        var transformer = new RouteTransformer(route, destination, matched, retriesLeft > 0
            ? status => policy.RetriesStatus(status) && retry.Renew(active)
            : null);
        var (error, flag, tryTimedOut) = await SendOnceAsync(context, destination.Cluster, endpoint, transformer, policy.PerTryTimeout, token);

        if (transformer.HeldBackStatus is { } held)
        {
            outliers?.Record(endpoint.Workload, held, connectFailure: false);
            Reset(context);
            return (new(endpoint, ResponseFlag.None), true);
        }

        retry.End();
        if (error == ForwarderError.None)
        {
            var statusCode = context.Response.StatusCode;
            outliers?.Record(endpoint.Workload, statusCode, connectFailure: false);
            // A retriable answer that no retry was left for: Envoy's URX.
            var exhausted = replayable && policy.Attempts > 0 && retriesLeft == 0 && policy.RetriesStatus(statusCode);
            return (new(endpoint, exhausted ? ResponseFlag.UpstreamRetryLimitExceeded : ResponseFlag.None), false);
        }

        if (tryTimedOut)
        {
            flag = ResponseFlag.UpstreamRequestTimeout;
        }

        if (flag is ResponseFlag.UpstreamConnectionFailure or ResponseFlag.UpstreamConnectionTermination or ResponseFlag.UpstreamRequestTimeout)
        {
            outliers?.Record(endpoint.Workload, StatusCodes.Status503ServiceUnavailable, connectFailure: true);
        }

        if (!context.Response.HasStarted && retriesLeft > 0 && policy.RetriesFailure(flag))
        {
            if (retry.Renew(cluster.State.Limiter.Active))
            {
                Reset(context);
                return (new(endpoint, flag), true);
            }

            flag = ResponseFlag.UpstreamRetryLimitExceeded;
        }

        await WriteFailureAsync(context, flag);
        return (new(endpoint, flag), false);
    }

    /// <summary>
    /// The retry a request holds in its cluster's retry budget, if any: <see cref="Renew"/> gives back the
    /// current one and takes the next; <see cref="End"/> gives it back.
    /// </summary>
    private sealed class RetrySlot(RetryBudget budget)
    {
        private bool _held;

        public bool Renew(int activeRequests)
        {
            End();
            _held = budget.TryBeginRetry(activeRequests);
            return _held;
        }

        public void End()
        {
            if (_held)
            {
                _held = false;
                budget.EndRetry();
            }
        }
    }

    private async Task<(ForwarderError Error, ResponseFlag Flag, bool TryTimedOut)> SendOnceAsync(
        HttpContext context, Cluster cluster, EndpointModel endpoint, RouteTransformer transformer, TimeSpan? perTryTimeout, CancellationToken token)
    {
        var (invoker, config) = connections.ForPeer(endpoint, cluster.State.Policy.Tls);
        using var perTry = perTryTimeout is { } limit ? CancellationTokenSource.CreateLinkedTokenSource(token) : null;
        perTry?.CancelAfter(perTryTimeout!.Value);
        endpoint.Stats.BeginRequest();
        ForwarderError error;
        try
        {
            error = await forwarder.SendAsync(context, endpoint.Address, invoker, config, transformer, perTry?.Token ?? token);
        }
        finally
        {
            endpoint.Stats.EndRequest();
        }

        token.ThrowIfCancellationRequested();
        var flag = error == ForwarderError.None ? ResponseFlag.None : ForwarderErrorFlags.Map(error, context.GetForwarderErrorFeature()?.Exception);
        return (error, flag, perTry?.IsCancellationRequested == true && !context.RequestAborted.IsCancellationRequested);
    }

    private void SendMirrors(HttpContext context, CompiledRoute route, byte[]? body)
    {
        foreach (var mirror in route.Mirrors)
        {
            if (FaultInjector.Roll(mirror.Percentage, Random.Shared))
            {
                mirrors.Send(context, mirror.Cluster, body);
            }
        }
    }

    private Task BackoffAsync(RetryPolicy policy, int retry, CancellationToken token)
    {
        var delay = policy.DelayBefore(retry, Random.Shared);
        return delay > TimeSpan.Zero ? Task.Delay(delay, time, token) : Task.CompletedTask;
    }

    private static Task WriteFailureAsync(HttpContext context, ResponseFlag flag) => flag switch
    {
        ResponseFlag.UpstreamRequestTimeout => WriteTimeoutAsync(context),
        // Envoy answers 503 for a connection refused or reset before any response.
        ResponseFlag.UpstreamConnectionFailure or ResponseFlag.UpstreamConnectionTermination or ResponseFlag.UpstreamRetryLimitExceeded
            => LocalReply.WriteForwardingFailureAsync(context, flag, StatusCodes.Status503ServiceUnavailable),
        _ => LocalReply.WriteForwardingFailureAsync(context, flag),
    };

    private static Task WriteTimeoutAsync(HttpContext context) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : LocalReply.WriteAsync(context, StatusCodes.Status504GatewayTimeout, ResponseFlag.UpstreamRequestTimeout, "upstream request timeout");

    // Undo what a discarded try left on the response, so the next try (or the local reply) starts clean.
    private static void Reset(HttpContext context)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
    }
}
