using System.Net;
using System.Text;

namespace Protocols.Frontend.Views;

/// <summary>The sample's page: one row per call the frontend made on this visit, what came back, and links to the streams.</summary>
internal static class IndexView
{
    private const string Css = """
        body { margin: 0 auto; max-width: 64rem; padding: 0 1.5rem; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2937; }
        h1 { color: #1e3a8a; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; vertical-align: top; padding: .45rem 1rem .45rem 0; border-bottom: 1px solid #e5e7eb; }
        td.result { font-family: ui-monospace, monospace; font-size: .9rem; white-space: pre-wrap; }
        .failed { color: #dc2626; }
        """;

    /// <summary>One call and its outcome; <paramref name="Failed"/> when it did not succeed.</summary>
    public sealed record Row(string Call, string Protocol, string Result, bool Failed);

    public static string Render(IEnumerable<Row> rows)
    {
        var body = new StringBuilder();
        foreach (var row in rows)
        {
            body.Append("<tr><td>").Append(Encode(row.Call)).Append("</td><td>").Append(Encode(row.Protocol))
                .Append("</td><td class=\"result").Append(row.Failed ? " failed" : "").Append("\">").Append(Encode(row.Result)).Append("</td></tr>\n");
        }

        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Protocols through the mesh</title>
            <style>
            {Css}
            </style>
            </head>
            <body>
            <h1>Protocols through the mesh</h1>
            <p>The frontend made these calls for this page, to greeter (gRPC) and streams (HTTP and WebSocket). Reload to make them again.</p>
            <table>
            <tr><th>call</th><th>protocol</th><th>result</th></tr>
            {body}
            </table>
            <p>Streamed as they arrive: <a href="sse/relay?count=10&amp;gapMs=500">server-sent events</a>,
            <a href="chunked/relay?count=10&amp;gapMs=500">a chunked response</a>.</p>
            </body>
            </html>
            """;
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
