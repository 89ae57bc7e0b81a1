using System.Net;
using System.Text.Json;
using Mesh.Testing;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>
/// gRPC through the mesh (issue 13, item 2): the frontend calls greeter, a gRPC-only service, through its own sidecar and
/// greeter's, with STRICT mutual TLS between them; each kind of call, deadlines, retries and gRPC faults.
/// </summary>
[Collection(ProtocolsTestGroup.Name)]
public sealed class GrpcTests(ProtocolsFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task Unary_ThroughBothSidecars_IsAnswered()
    {
        var reply = await GetJsonAsync("/grpc/unary?name=mesh");

        Assert.Equal("Hello mesh", reply.GetProperty("message").GetString());
        Assert.StartsWith("greeter/", reply.GetProperty("servedBy").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServerStreaming_ThroughBothSidecars_DeliversEveryReply()
    {
        var reply = await GetJsonAsync("/grpc/server-stream?name=mesh&count=5&gapMs=50");

        Assert.Equal(
            [.. Enumerable.Range(1, 5).Select(i => $"Hello mesh ({i} of 5)")],
            Messages(reply));
    }

    [Fact]
    public async Task ClientStreaming_ThroughBothSidecars_DeliversEveryRequest()
    {
        var reply = await GetJsonAsync("/grpc/client-stream?count=4");

        Assert.Equal("Hello caller 1, caller 2, caller 3, caller 4", reply.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Bidirectional_ThroughBothSidecars_AnswersEachMessageBeforeTheNextIsSent()
    {
        // The frontend sends each name only after reading the greeting for the previous one: a hop that held the request
        // stream until it ended would never answer.
        var reply = await GetJsonAsync("/grpc/bidi?count=4");

        Assert.Equal([.. Enumerable.Range(1, 4).Select(i => $"Hello caller {i}")], Messages(reply));
    }

    [Fact]
    public async Task Deadline_CrossesBothSidecars_ToTheService()
    {
        var reply = await GetJsonAsync("/grpc/deadline?ms=0&deadlineMs=20000");

        Assert.Equal("OK", reply.GetProperty("status").GetString());
        // grpc-timeout reached greeter: it saw a deadline, at most the 20 s the caller gave, less the time on the way.
        var remaining = reply.GetProperty("deadlineRemainingMs").GetInt64();
        output.WriteLine($"greeter saw {remaining} ms left of a 20000 ms deadline");
        Assert.InRange(remaining, 1, 20_000);
    }

    [Fact]
    public async Task Deadline_Exceeded_EndsTheCallWithDeadlineExceeded()
    {
        var reply = await GetJsonAsync("/grpc/deadline?ms=30000&deadlineMs=1000");

        Assert.Equal("DeadlineExceeded", reply.GetProperty("status").GetString());
        // Well before the 30 s the service would take: the call ended at its deadline, not when the service answered.
        Assert.InRange(reply.GetProperty("elapsedMs").GetInt64(), 0, 20_000);
    }

    [Fact]
    public async Task DefaultRetries_RetryUnavailableTwice()
    {
        // Istio's default retry policy (2 attempts; unavailable among its conditions): two failures are hidden from the
        // caller, a third is not.
        var key = Guid.NewGuid().ToString("n");

        var twice = await GetJsonAsync($"/grpc/fail?code=14&failures=2&key={key}-twice");
        var thrice = await GetJsonAsync($"/grpc/fail?code=14&failures=3&key={key}-thrice");

        Assert.Equal("OK", twice.GetProperty("status").GetString());
        Assert.Equal(3, twice.GetProperty("attempt").GetInt32());
        Assert.Equal("Unavailable", thrice.GetProperty("status").GetString());
    }

    [Fact]
    public async Task RetryOnUnavailable_FromAVirtualService_RetriesAsManyTimesAsItSays()
    {
        await using var changes = new MeshChanges(fixture.Mesh, output);
        await changes.ApplyYamlAsync("greeter-retries", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: greeter-retries
              namespace: default
            spec:
              hosts:
              - greeter
              http:
              - route:
                - destination:
                    host: greeter
                retries:
                  attempts: 4
                  retryOn: unavailable
            """, CancellationToken.None);

        // Four failures, more than the default policy's two retries hide.
        var retried = await GetJsonAsync($"/grpc/fail?code=14&failures=4&key={Guid.NewGuid():n}");

        Assert.Equal("OK", retried.GetProperty("status").GetString());
        Assert.Equal(5, retried.GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task FaultAbortGrpcStatus_AnswersTheCallWithThatStatus()
    {
        await GetJsonAsync("/grpc/unary?name=before");
        await using var changes = new MeshChanges(fixture.Mesh, output);
        await changes.ApplyYamlAsync("greeter-abort", """
            apiVersion: networking.istio.io/v1
            kind: VirtualService
            metadata:
              name: greeter-abort
              namespace: default
            spec:
              hosts:
              - greeter
              http:
              - fault:
                  abort:
                    grpcStatus: RESOURCE_EXHAUSTED
                    percentage:
                      value: 100
                route:
                - destination:
                    host: greeter
            """, CancellationToken.None);

        using var response = await fixture.Frontend.GetAsync(new Uri("/grpc/unary?name=faulted", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadGateway, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("ResourceExhausted", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public async Task GrpcStatus_IsALabelOfBothSidecarsRequestMetric()
    {
        const int Calls = 3;
        for (var i = 0; i < Calls; i++)
        {
            var reply = await GetJsonAsync($"/grpc/fail?code=14&key=metrics-{Guid.NewGuid():n}");
            Assert.Equal("Unavailable", reply.GetProperty("status").GetString());
        }

        // Istio's grpc_response_status on mesh.requests, as each sidecar reports it: the caller's as source, greeter's as
        // destination. The HTTP status of these calls is 200; only the label tells them apart. Counters are cumulative.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await Eventually.WaitUntilAsync(() => Task.FromResult(
            Unavailable("source") >= Calls && Unavailable("destination") >= Calls), cancel.Token, BookinfoFixture.PollInterval);
        foreach (var point in fixture.Metrics.Points("mesh.requests").Where(p => p.Attributes.ContainsKey("grpc_response_status")))
        {
            output.WriteLine($"{string.Join(", ", point.Attributes.Select(a => $"{a.Key}={a.Value}"))}: {point.Value}");
        }
    }

    private double Unavailable(string reporter) => fixture.Metrics.Points("mesh.requests")
        .Where(p => p.Attributes.GetValueOrDefault("reporter") == reporter
            && p.Attributes.GetValueOrDefault("destination_workload") == "greeter"
            && p.Attributes.GetValueOrDefault("grpc_response_status") == "14")
        .Sum(p => p.Value);

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var (status, body) = await fixture.GetUntilOkAsync(path);
        output.WriteLine($"GET {path}: {(int)status} {body}");
        Assert.True(status == HttpStatusCode.OK, $"GET {path} answered {(int)status}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string?> Messages(JsonElement reply) =>
        [.. reply.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("message").GetString())];
}
