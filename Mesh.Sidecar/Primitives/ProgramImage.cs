using System.Globalization;
using System.Runtime.InteropServices;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Lets go of the pages of the program's own image that only the start used. A Native AOT sidecar is one 20 MB file,
/// and by the time it is configured nearly all of it is mapped into the process: the kernel maps the pages around each
/// one the start touches (fault-around), and the start touches code and data all over the image (configuration,
/// dependency injection, the certificate, the first snapshot's JSON) that traffic never runs again. Those pages are
/// the file's, clean and shared with every other sidecar; dropping them from this process is what the kernel itself does
/// to cold file pages under memory pressure, done once, early. What traffic uses comes back on its first touch (a minor
/// fault from the page cache), so the process keeps the image it works with: measured by bench/ (README.md).
/// </summary>
/// <remarks>
/// Only mappings of the executable that are not writable and hold no page of their own are dropped: a private page the
/// process changed (relocations before they were made read-only) would be lost, and an unchanged one is read again from
/// the file, which Linux keeps from being written while it runs (ETXTBSY).
/// </remarks>
internal static class ProgramImage
{
    private const int DontNeed = 4; // MADV_DONTNEED

    /// <summary>Drops the executable's clean, read-only pages from this process; returns the bytes of address space advised.</summary>
    public static long TrimStartupPages() =>
        OperatingSystem.IsLinux() && Environment.ProcessPath is { } executable ? LetGoOfCleanPages(executable) : 0;

    /// <summary>Drops the clean, read-only pages of <paramref name="path"/>'s mappings from this process (Linux).</summary>
    public static long LetGoOfCleanPages(string path)
    {
        long advised = 0;
        try
        {
            // Read whole first: the list of mappings is not read while they are being advised.
            foreach (var (start, length) in CleanReadOnlyMappings(File.ReadLines("/proc/self/smaps"), path).ToList())
            {
                if (Advise((nint)start, (nuint)length, DontNeed) == 0)
                {
                    advised += (long)length;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException)
        {
            // Not Linux's /proc or not glibc's madvise: the pages stay, as they would without this.
        }

        return advised;
    }

    /// <summary>
    /// The mappings of <paramref name="path"/> in <paramref name="smaps"/> (the format of <c>/proc/self/smaps</c>) that
    /// are not writable and have no anonymous (copied-on-write) page: start address and length.
    /// </summary>
    public static IEnumerable<(ulong Start, ulong Length)> CleanReadOnlyMappings(IEnumerable<string> smaps, string path)
    {
        (ulong Start, ulong Length)? candidate = null;
        foreach (var line in smaps)
        {
            if (Mapping(line) is { } mapping)
            {
                candidate = mapping.Path == path && !mapping.Writable ? (mapping.Start, mapping.End - mapping.Start) : null;
            }
            else if (candidate is { } clean && line.StartsWith("Anonymous:", StringComparison.Ordinal))
            {
                // The last field every mapping has before the next header that says whether it holds pages of its own.
                if (line.AsSpan("Anonymous:".Length).Trim().SequenceEqual("0 kB"))
                {
                    yield return clean;
                }

                candidate = null;
            }
        }
    }

    // "55d0c0a00000-55d0c0a25000 r--p 00000000 08:01 1234   /path/to/exe": address range, permissions, offset, device,
    // inode, path (absent for anonymous memory). Field lines ("Rss:   12 kB") have no range.
    private static (ulong Start, ulong End, bool Writable, string Path)? Mapping(string line)
    {
        var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        var dash = parts.Length < 5 ? -1 : parts[0].IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || parts[1].Length != 4
            || !ulong.TryParse(parts[0].AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(parts[0].AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end))
        {
            return null;
        }

        return (start, end, parts[1][1] == 'w', parts.Length == 6 ? parts[5].Trim() : string.Empty);
    }

    // DllImport as NativeMemory's: plain integers need no marshalling.
    [DllImport("libc", EntryPoint = "madvise")]
    private static extern int Advise(nint address, nuint length, int advice);
}
