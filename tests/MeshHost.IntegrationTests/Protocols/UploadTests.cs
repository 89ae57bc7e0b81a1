using System.Globalization;
using System.Net;
using System.Text.Json;
using MeshHost.IntegrationTests.Reliability;
using Xunit.Abstractions;

namespace MeshHost.IntegrationTests.Protocols;

/// <summary>
/// A 100 MiB request body through the mesh (issue 13, item 4): the frontend generates it and streams it to streams' upload
/// sink through its sidecar, mutual TLS and streams' sidecar. Neither sidecar may hold it: each one's resident memory stays
/// within 10 MiB of its level before.
/// </summary>
[Collection(ProtocolsTestGroup.Name)]
public sealed class UploadTests(ProtocolsFixture fixture, ITestOutputHelper output)
{
    private const int Mebibytes = 100;
    private const long Mebibyte = 1024 * 1024;
    private const long AllowedGrowth = 10 * Mebibyte;
    private static readonly string[] s_sidecars = ["frontend-sidecar", "streams-sidecar"];

    [Fact]
    public async Task Upload100MiB_ThroughBothSidecars_ArrivesWholeAndNoSidecarHoldsIt()
    {
        // A small upload first: connections open and code paths compiled before the level is read.
        var (status, body) = await fixture.GetUntilOkAsync("/upload/relay?mebibytes=1");
        Assert.True(status == HttpStatusCode.OK, $"/upload/relay answered {(int)status}: {body}");

        var pids = s_sidecars.ToDictionary(s => s, s => MeshProcesses.LauncherPid(fixture.App, s) ?? throw new InvalidOperationException($"{s} has no process id"));
        var before = new Dictionary<string, long>();
        foreach (var (sidecar, pid) in pids)
        {
            before[sidecar] = await SteadyResidentBytesAsync(pid);
        }

        using var sampling = new CancellationTokenSource();
        var peaks = pids.ToDictionary(p => p.Key, p => before[p.Key]);
        var sampler = SamplePeaksAsync(pids, peaks, sampling.Token);
        string answer;
        HttpStatusCode uploadStatus;
        try
        {
            using var response = await fixture.Frontend.GetAsync(new Uri($"/upload/relay?mebibytes={Mebibytes}", UriKind.Relative));
            uploadStatus = response.StatusCode;
            answer = await response.Content.ReadAsStringAsync();
        }
        finally
        {
            await sampling.CancelAsync();
            await sampler;
        }

        output.WriteLine($"/upload/relay?mebibytes={Mebibytes}: {(int)uploadStatus} {answer}");
        foreach (var sidecar in s_sidecars)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{sidecar}: resident {Mib(before[sidecar])} MiB before, at most {Mib(peaks[sidecar])} MiB during the upload (+{Mib(peaks[sidecar] - before[sidecar])} MiB)"));
        }

        Assert.True(uploadStatus == HttpStatusCode.OK, $"the upload answered {(int)uploadStatus}: {answer}");
        var outcome = JsonDocument.Parse(answer).RootElement;
        var sent = outcome.GetProperty("sent");
        var received = outcome.GetProperty("received");
        Assert.Equal(Mebibytes * Mebibyte, sent.GetProperty("bytes").GetInt64());
        Assert.Equal(sent.GetProperty("bytes").GetInt64(), received.GetProperty("bytes").GetInt64());
        Assert.Equal(sent.GetProperty("sha256").GetString(), received.GetProperty("sha256").GetString());
        Assert.All(s_sidecars, sidecar => Assert.True(peaks[sidecar] - before[sidecar] <= AllowedGrowth,
            $"{sidecar} grew by {Mib(peaks[sidecar] - before[sidecar])} MiB during the upload, more than {Mib(AllowedGrowth)} MiB"));
    }

    /// <summary>The median of five readings 200 ms apart: one reading can catch a collection half done.</summary>
    private static async Task<long> SteadyResidentBytesAsync(int pid)
    {
        var readings = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            readings.Add(MeshProcesses.ResidentBytes(pid));
            await Task.Delay(200);
        }

        readings.Sort();
        return readings[readings.Count / 2];
    }

    /// <summary>Reads each process's resident memory every 50 ms and keeps the largest.</summary>
    private static async Task SamplePeaksAsync(Dictionary<string, int> pids, Dictionary<string, long> peaks, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            foreach (var (sidecar, pid) in pids)
            {
                peaks[sidecar] = Math.Max(peaks[sidecar], MeshProcesses.ResidentBytes(pid));
            }

            try
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Mib(long bytes) => (bytes / (double)Mebibyte).ToString("F1", CultureInfo.InvariantCulture);
}
