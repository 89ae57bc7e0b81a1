using System.Diagnostics.CodeAnalysis;
using System.Text;
using Mesh.Model.Validation;

namespace Mesh.Model.Parsing;

/// <summary>
/// Reads a configuration file's text: at most <see cref="InputLimits.MaxTextLength"/> bytes (a larger file is refused
/// before it is read into memory), decoded as strict UTF-8, so bytes that are not UTF-8 are named rather than turned
/// into replacement characters.
/// </summary>
internal static class FileText
{
    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, or the diagnostic code and message saying why it is refused.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static bool TryRead(string path, [NotNullWhen(true)] out string? text, out (string Code, string Message) problem)
    {
        text = null;
        problem = default;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (file.Length > InputLimits.MaxTextLength)
        {
            problem = (DiagnosticCodes.LimitExceeded,
                $"the file is {file.Length:N0} bytes; the mesh reads at most {InputLimits.MaxTextLength:N0} at once (split it into several files)");
            return false;
        }

        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var body = bytes.AsSpan();
        if (body.StartsWith(Encoding.UTF8.Preamble))
        {
            body = body[Encoding.UTF8.Preamble.Length..];
        }

        try
        {
            text = s_strictUtf8.GetString(body);
            return true;
        }
        catch (DecoderFallbackException e)
        {
            problem = (DiagnosticCodes.Syntax, $"the file is not UTF-8: byte 0x{e.BytesUnknown?.FirstOrDefault():X2} at offset {e.Index + (bytes.Length - body.Length)} is no UTF-8 character");
            return false;
        }
    }
}
