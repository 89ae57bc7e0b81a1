using System.Buffers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;

namespace Protocols.Streams.Apis;

/// <summary>
/// <c>POST /upload</c>: reads the request body as it streams in, a buffer at a time, and answers its length and
/// SHA-256; the body is never held whole, so any size passes (no request size limit).
/// </summary>
internal static class UploadApi
{
    public static IEndpointRouteBuilder MapUploadApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/upload", async context =>
        {
            // Kestrel's default limit (30 MB) is for apps that buffer; this one streams.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = null;
            }

            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
            long bytes = 0;
            try
            {
                int read;
                while ((read = await context.Request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    bytes += read;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await Results.Json(new UploadReceipt(bytes, Convert.ToHexStringLower(hash.GetHashAndReset()))).ExecuteAsync(context);
        });
        return app;
    }
}

/// <summary>What <c>/upload</c> received: its length in bytes and its SHA-256 in lower-case hex.</summary>
internal sealed record UploadReceipt(long Bytes, string Sha256);
