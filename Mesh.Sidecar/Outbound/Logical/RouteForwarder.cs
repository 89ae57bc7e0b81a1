using Mesh.Sidecar.Outbound.Concrete;
using Mesh.Sidecar.Outbound.Endpoints;
using Mesh.Sidecar.Primitives;
using Mesh.Sidecar.Telemetry;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;

namespace Mesh.Sidecar.Outbound.Logical;

/// <summary>
/// Carries out one matched route for one request, as Envoy's router filter does: direct responses and
/// redirects, faults, mirrors, the weighted pick of a destination, then tries with the cluster's balancer,
/// circuit breaker and outlier detection, the route's timeout, and retries within the retry budget.
/// </summary>
/// <remarks>
/// Randomness (the weighted pick, fault and mirror rolls, retry backoff jitter) comes from the injected
/// <see cref="Random"/> (<see cref="Random.Shared"/> in the sidecar), so tests can script it.
/// </remarks>
internal sealed class RouteForwarder(IHttpForwarder forwarder, PeerConnections connections, MirrorSender mirrors, TimeProvider time, Random random, bool faultHeaders)
{
    /// <summary>
    /// What happened: the endpoint of the last try (if any), the response flag, whether mutual TLS reached the endpoint, and
    /// the cluster the route picked (null when none was: a direct response, a redirect, a fault abort).
    /// </summary>
    internal readonly record struct Outcome(EndpointModel? Endpoint, ResponseFlag Flag, bool MutualTls = false, string? Cluster = null);

    public async Task<Outcome> ForwardAsync(HttpContext context, CompiledRoute route, RequestMatcher? matched)
    {
        var config = route.Config;
        if (config.DirectResponse is not null || config.Redirect is not null)
        {
            RequestSpan.Route(context, route.OperationFor(matched), config.Source, config.Name, cluster: null, subset: null);
        }

        if (config.DirectResponse is { } direct)
        {
            RouterReply(context, route, destination: null);
            await LocalReply.WriteAsync(context, direct.Status, ResponseFlag.None, direct.Body ?? "");
            return new(null, ResponseFlag.None);
        }

        if (config.Redirect is { } redirect)
        {
            RouterReply(context, route, destination: null);
            Redirects.Write(context, redirect, matched);
            return new(null, ResponseFlag.None);
        }

        var request = context.Request;
        var delayed = false;
        var abort = FaultInjector.Abort(config.Fault, request, faultHeaders, random);
        var delay = FaultInjector.Delay(config.Fault, request, faultHeaders, random);
        var destination = route.PickDestination(random);
        RequestSpan.Route(context, route.OperationFor(matched), config.Source, config.Name, destination.EnvoyCluster, destination.Subset);
        RequestSpan.Fault(context, delay, abort?.HttpStatus);

        // Envoy's fault filter delays first, then aborts.
        if (delay is { } wait)
        {
            try
            {
                await Task.Delay(RuntimeDuration.Clamp(wait), time, context.RequestAborted);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
                return new(null, ResponseFlag.DownstreamConnectionTermination);
            }

            delayed = true;
        }

        if (abort is not null)
        {
            await LocalReply.WriteAsync(context, abort.HttpStatus, ResponseFlag.FaultInjected, "fault filter abort", (GrpcStatus?)abort.GrpcStatus);
            return new(null, ResponseFlag.FaultInjected);
        }

        var bodiless = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody == false;
        // An upgrade is not mirrored: a copy cannot take over the caller's WebSocket, and Envoy shadows no upgrade.
        if (route.Mirrors.Length > 0 && !Upgrades.IsRequested(context))
        {
            // A body is read once into memory (up to MaxMirroredBody, with a Content-Length) so the mirror gets a
            // copy and the request is rewound for its real destination; larger or chunked bodies are not mirrored.
            var body = bodiless ? null : await MirrorSender.ReadBodyAsync(request, context.RequestAborted);
            if (bodiless || body is not null)
            {
                SendMirrors(context, route, destination, matched, body);
            }
        }

        var outcome = await TryAllAsync(context, route, destination, matched, bodiless);
        outcome = outcome with
        {
            MutualTls = outcome.Endpoint is { } reached && PeerConnections.UsesMutualTls(reached, destination.Cluster.State.Policy.Tls),
            Cluster = destination.Cluster.Name,
        };
        return outcome.Flag == ResponseFlag.None && delayed ? outcome with { Flag = ResponseFlag.DelayInjected } : outcome;
    }

    private async Task<Outcome> TryAllAsync(HttpContext context, CompiledRoute route, RouteDestination destination, RequestMatcher? matched, bool bodiless)
    {
        var cluster = destination.Cluster;
        var (timeout, callersDeadline) = GrpcDeadline.Of(context.Request, route.Config.Timeout);
        using var deadline = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        deadline?.CancelAfter(RuntimeDuration.Clamp(timeout!.Value));
        var token = deadline?.Token ?? context.RequestAborted;
        using var body = bodiless ? null : RetryableBody.Keep(context.Request, route.Retry);
        var retries = new RetryState(route.Retry, cluster.State.RetryBudget, cluster.State.Limiter, bodiless, body);
        EndpointModel? endpoint = null;
        try
        {
            while (true)
            {
                var (outcome, again) = await TryOnceAsync(context, route, destination, matched, retries, endpoint, deadline, token);
                endpoint = outcome.Endpoint ?? endpoint;
                if (!again)
                {
                    return outcome;
                }

                retries.Next();
                await BackoffAsync(retries.Policy, retries.Attempt, token);
            }
        }
        catch (OperationCanceledException) when (deadline is not null && deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // The route's timeout (or the gRPC caller's deadline) ran out while waiting for a slot, a backoff or an answer.
            Reset(context);
            RouterReply(context, route, destination);
            await WriteTimeoutAsync(context, callersDeadline);
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
            retries.End();
        }
    }

    /// <summary>
    /// One try: a circuit-breaker slot, an endpoint (not the previous one when another exists), the send. <c>Again</c>: retry.
    /// <paramref name="deadline"/> is the route's timeout (null: none), whose <paramref name="token"/> the try runs under.
    /// </summary>
    private async Task<(Outcome Outcome, bool Again)> TryOnceAsync(HttpContext context, CompiledRoute route, RouteDestination destination,
        RequestMatcher? matched, RetryState retries, EndpointModel? previous, CancellationTokenSource? deadline, CancellationToken token)
    {
        var cluster = destination.Cluster;
        using var lease = await cluster.State.Limiter.TryEnterAsync(token);
        if (lease is null)
        {
            retries.End();
            RouterReply(context, route, destination);
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.UpstreamOverflow,
                "upstream connect error or disconnect/reset before headers. reset reason: overflow");
            return (new(previous, ResponseFlag.UpstreamOverflow), false);
        }

        var endpoint = cluster.Pick(context, previous);
        if (endpoint is null)
        {
            retries.End();
            RouterReply(context, route, destination);
            await LocalReply.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, ResponseFlag.NoHealthyUpstream, LocalReply.NoHealthyUpstream);
            return (new(null, ResponseFlag.NoHealthyUpstream), false);
        }

        var outliers = cluster.State.Outliers;
        var perTryTimeout = retries.Policy.PerTryTimeout;
        using var perTry = perTryTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token);
        perTry?.CancelAfter(RuntimeDuration.Clamp(perTryTimeout.GetValueOrDefault()));
        var transformer = new RouteTransformer(route, destination, endpoint, matched, retries) { RouteTimeout = deadline, TryTimeout = perTry };
        var span = StartTry(context, destination, endpoint, retries.Attempt + 1);
        ForwarderError error;
        ResponseFlag flag;
        bool tryTimedOut;
        try
        {
            (error, flag, tryTimedOut) = await SendOnceAsync(context, destination.Cluster, endpoint, transformer, perTry, token);
        }
        catch (OperationCanceledException)
        {
            AttemptSpan.End(span, 0, ResponseFlag.UpstreamRequestTimeout, "cancelled");
            throw;
        }

        if (transformer.HeldBackStatus is { } held)
        {
            AttemptSpan.End(span, held, ResponseFlag.None, "retry");
            outliers?.Record(endpoint.Workload, held, connectFailure: false);
            Reset(context);
            return (new(endpoint, ResponseFlag.None), true);
        }

        retries.End();
        if (error == ForwarderError.None)
        {
            var statusCode = context.Response.StatusCode;
            AttemptSpan.End(span, statusCode, ResponseFlag.None, "done");
            outliers?.Record(endpoint.Workload, statusCode, connectFailure: false);
            return (new(endpoint, retries.Exhausted(statusCode) ? ResponseFlag.UpstreamRetryLimitExceeded : ResponseFlag.None), false);
        }

        if (tryTimedOut)
        {
            flag = ResponseFlag.UpstreamRequestTimeout;
        }

        if (flag is ResponseFlag.UpstreamConnectionFailure or ResponseFlag.UpstreamConnectionTermination or ResponseFlag.UpstreamRequestTimeout)
        {
            outliers?.Record(endpoint.Workload, StatusCodes.Status503ServiceUnavailable, connectFailure: true);
        }

        var tryFlag = flag;
        if (retries.RetriesFailure(ref flag, context.Response.HasStarted))
        {
            AttemptSpan.End(span, 0, tryFlag, "retry");
            Reset(context);
            return (new(endpoint, flag), true);
        }

        AttemptSpan.End(span, 0, tryFlag, "done");
        RouterReply(context, route, destination);
        await WriteFailureAsync(context, flag);
        return (new(endpoint, flag), false);
    }

    // The try's span, and the peer's identity on it and the request's span when the hop is mutual TLS (Envoy's
    // upstream peer); the joined identities are built only for a recorded span.
    private static System.Diagnostics.Activity? StartTry(HttpContext context, RouteDestination destination, EndpointModel endpoint, int attempt)
    {
        var span = AttemptSpan.StartTry(destination.EnvoyCluster, endpoint.Upstream, attempt);
        if (span is { IsAllDataRequested: true } && PeerConnections.UsesMutualTls(endpoint, destination.Cluster.State.Policy.Tls))
        {
            var principal = string.Join(',', endpoint.Identities);
            span.AddTag(RequestSpan.Tags.UpstreamPrincipal, principal);
            RequestSpan.UpstreamPrincipal(context, principal);
        }

        return span;
    }

    private async Task<(ForwarderError Error, ResponseFlag Flag, bool TryTimedOut)> SendOnceAsync(
        HttpContext context, Cluster cluster, EndpointModel endpoint, RouteTransformer transformer, CancellationTokenSource? perTry, CancellationToken token)
    {
        var (invoker, config) = connections.ForPeer(endpoint, cluster.State.Policy, context.Request.Protocol, Upgrades.IsRequested(context));
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

    private void SendMirrors(HttpContext context, CompiledRoute route, RouteDestination destination, RequestMatcher? matched, byte[]? body)
    {
        foreach (var mirror in route.Mirrors)
        {
            if (FaultInjector.Roll(mirror.Percentage, random))
            {
                mirrors.Send(context, mirror.Cluster, new MirrorSender.MirroredRoute(route, destination, matched), body);
            }
        }
    }

    private Task BackoffAsync(RetryPolicy policy, int retry, CancellationToken token)
    {
        var delay = policy.DelayBefore(retry, random);
        return delay > TimeSpan.Zero ? Task.Delay(RuntimeDuration.Clamp(delay), time, token) : Task.CompletedTask;
    }

    /// <summary>
    /// The route's (and its chosen destination's) response header operations on a reply the router writes itself: a
    /// direct response or redirect, or a 503 / 504 of the tries, as Envoy's router finalizes its local replies' headers.
    /// Fault-filter aborts come before routing and get none, as in Envoy.
    /// </summary>
    private static void RouterReply(HttpContext context, CompiledRoute route, RouteDestination? destination)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        route.ResponseHeaders?.Apply(context.Response);
        destination?.ResponseHeaders?.Apply(context.Response);
    }

    private static Task WriteFailureAsync(HttpContext context, ResponseFlag flag) => flag switch
    {
        ResponseFlag.UpstreamRequestTimeout => WriteTimeoutAsync(context, callersDeadline: false),
        // Envoy answers 503 for a connection refused or reset before any response.
        ResponseFlag.UpstreamConnectionFailure or ResponseFlag.UpstreamConnectionTermination or ResponseFlag.UpstreamRetryLimitExceeded
            => LocalReply.WriteForwardingFailureAsync(context, flag, StatusCodes.Status503ServiceUnavailable),
        _ => LocalReply.WriteForwardingFailureAsync(context, flag),
    };

    // A gRPC caller whose own deadline ran out is told DEADLINE_EXCEEDED; any other timeout maps 504 as Envoy does (UNAVAILABLE).
    private static Task WriteTimeoutAsync(HttpContext context, bool callersDeadline) =>
        context.Response.HasStarted
            ? Task.CompletedTask
            : LocalReply.WriteAsync(context, StatusCodes.Status504GatewayTimeout, ResponseFlag.UpstreamRequestTimeout, "upstream request timeout",
                callersDeadline ? GrpcStatus.DeadlineExceeded : null);

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
