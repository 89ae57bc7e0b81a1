using System.Diagnostics;
using System.Net.Sockets;

namespace Mesh.Bench.Startup;

/// <summary>
/// Requests the product page through the ingress gateway one at a time, as a person reloading it would, and judges each
/// answer (<see cref="ProductPage"/>), until a complete page has come and <c>pages</c> were sent after start-up was over.
/// Until the first complete page it pauses between requests; after it, it asks back to back.
/// </summary>
internal sealed class PageProbe(Uri page, int pages, Func<double> elapsed, Func<bool> startupOver)
{
    // Productpage's slowest honest answer is under 10 s (details 3 s, then reviews twice 3 s); longer is a hang.
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(200);
    private readonly List<PageRecord> _records = [];

    public IReadOnlyList<PageRecord> Records => _records;

    /// <summary>When the first complete page had been served, in seconds since <c>dotnet run</c> was started.</summary>
    public double? CompleteAt { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false }) { Timeout = s_timeout };
        while (CompleteAt is null || _records.Count(r => r.AfterStartup) < pages)
        {
            var record = await RequestAsync(http, cancellationToken);
            if (record is null)
            {
                await Task.Delay(s_pause, cancellationToken);
                continue;
            }

            _records.Add(record);
            if (record.Complete)
            {
                CompleteAt ??= record.At;
            }
            else if (CompleteAt is null)
            {
                await Task.Delay(s_pause, cancellationToken);
            }
        }
    }

    /// <summary>One page, or null when the gateway refused the connection (not listening yet: nothing was asked).</summary>
    private async Task<PageRecord?> RequestAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var afterStartup = startupOver();
        var sent = Stopwatch.GetTimestamp();
        try
        {
            using var response = await http.GetAsync(page, cancellationToken);
            var html = await response.Content.ReadAsStringAsync(cancellationToken);
            var verdict = ProductPage.Judge((int)response.StatusCode, html);
            return new PageRecord(elapsed(), Stopwatch.GetElapsedTime(sent).TotalMilliseconds, (int)response.StatusCode,
                verdict.Complete, verdict.Error, verdict.Note, afterStartup);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or IOException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return new PageRecord(elapsed(), Stopwatch.GetElapsedTime(sent).TotalMilliseconds, 0, false, true, e.Message, afterStartup);
        }
    }
}
