using System.Text.Json;

namespace Bookinfo.ProductPage.Services;

/// <summary>What productpage got from a backend, as Istio's (status, body) pair: the backend's JSON on
/// 200, else the backend's status (500 when none came) with an <c>{"error": ...}</c> body.</summary>
internal sealed record UpstreamResult(int Status, JsonElement Body)
{
    public bool IsSuccess => Status == StatusCodes.Status200OK;
}

/// <summary>One GET to a backend, the way Istio's productpage sends it.</summary>
internal abstract partial class UpstreamClient(HttpClient http, ILogger logger)
{
    /// <summary>Returns the JSON body on 200; otherwise the status, or null status when no answer came.</summary>
    protected async Task<(int? Status, JsonElement? Body)> GetOnceAsync(
        string path, ForwardedHeaders headers, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(headers);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        headers.CopyTo(request);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            if (status != StatusCodes.Status200OK)
            {
                LogStatus(logger, http.BaseAddress, path, status);
                return (status, null);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            return (status, document.RootElement.Clone());
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // HttpClient.Timeout surfaces as a cancellation the caller did not ask for.
            LogFailed(logger, http.BaseAddress, path, ex);
            return (null, null);
        }
    }

    protected static JsonElement ErrorBody(string message) => JsonSerializer.SerializeToElement(new { error = message });

    [LoggerMessage(1, LogLevel.Warning, "{Service}{Path} answered status {StatusCode}")]
    private static partial void LogStatus(ILogger logger, Uri? service, string path, int statusCode);

    [LoggerMessage(2, LogLevel.Warning, "{Service}{Path} failed")]
    private static partial void LogFailed(ILogger logger, Uri? service, string path, Exception exception);
}
