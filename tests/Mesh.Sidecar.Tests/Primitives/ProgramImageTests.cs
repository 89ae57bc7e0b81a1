using System.IO.MemoryMappedFiles;
using Mesh.Sidecar.Primitives;

namespace Mesh.Sidecar.Tests.Primitives;

public sealed class ProgramImageTests
{
    private const string Exe = "/opt/mesh/sidecar/Mesh.Sidecar";

    // Five mappings of the executable as Linux lists them, and an anonymous one: the start of each entry and the fields
    // the reading needs (Anonymous is the count of pages the process copied on write).
    private static readonly string[] s_smaps =
    [
        "55d0c0a00000-55d0c0a25000 r--p 00000000 fe:00 5318243                    " + Exe,
        "Size:                148 kB",
        "Rss:                 148 kB",
        "Anonymous:             0 kB",
        "VmFlags: rd mr mw me dw sd",
        "55d0c0a25000-55d0c1442000 r-xp 00025000 fe:00 5318243                    " + Exe,
        "Rss:                9148 kB",
        "Anonymous:             0 kB",
        "VmFlags: rd ex mr mw me dw sd",
        // Relocations made read-only after they were written: pages of the process's own, to keep.
        "55d0c1dee000-55d0c1df0000 r--p 013f1000 fe:00 5318243                    " + Exe,
        "Rss:                   8 kB",
        "Anonymous:             8 kB",
        "VmFlags: rd mr mw me dw ac sd",
        // Writable data: to keep.
        "55d0c1df0000-55d0c1e3d000 rw-p 013f3000 fe:00 5318243                    " + Exe,
        "Rss:                 308 kB",
        "Anonymous:           120 kB",
        "VmFlags: rd wr mr mw me dw ac sd",
        // Another file (a library) and anonymous memory: not the program's.
        "7f1c2a000000-7f1c2a200000 r-xp 00000000 fe:00 1111                       /usr/lib/x86_64-linux-gnu/libcrypto.so.3",
        "Anonymous:             0 kB",
        "7f1c2b000000-7f1c2b400000 rw-p 00000000 00:00 0 ",
        "Anonymous:          4096 kB",
        // A path with spaces is one path.
        "7f1c2c000000-7f1c2c001000 r--p 00000000 fe:00 2222                       /opt/mesh/side car/Mesh.Sidecar",
        "Anonymous:             0 kB",
    ];

    [Fact]
    public void CleanReadOnlyMappings_AreTheExecutablesUnwrittenReadOnlyOnes()
    {
        var mappings = ProgramImage.CleanReadOnlyMappings(s_smaps, Exe).ToList();

        Assert.Equal([(0x55d0c0a00000UL, 0x25000UL), (0x55d0c0a25000UL, 0xa1d000UL)], mappings);
        Assert.Equal([(0x7f1c2c000000UL, 0x1000UL)], ProgramImage.CleanReadOnlyMappings(s_smaps, "/opt/mesh/side car/Mesh.Sidecar"));
    }

    [Fact]
    public void CleanReadOnlyMappings_EntryWithoutAnonymousField_IsKept()
    {
        // A kernel that does not say how many pages are the process's own: nothing is dropped on a guess.
        string[] smaps = ["55d0c0a00000-55d0c0a25000 r--p 00000000 fe:00 5318243 " + Exe, "Rss: 148 kB", "55d0c0a25000-55d0c1442000 r-xp 00025000 fe:00 5318243 " + Exe];

        Assert.Empty(ProgramImage.CleanReadOnlyMappings(smaps, Exe));
    }

    [Fact]
    public void LetGoOfCleanPages_MappedFile_IsNoLongerResident_AndReadsTheSameAfter()
    {
        // A file mapped read-only and read through stands for the program's image: only this test touches it.
        var path = Path.Combine(Path.GetTempPath(), $"mesh-image-{Guid.NewGuid():N}");
        var content = new byte[1 << 20];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(path, content);
        try
        {
            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            var sum = Sum(view, content.Length);
            var before = ResidentKiB(path);

            var advised = ProgramImage.LetGoOfCleanPages(path);

            Assert.True(before >= 1024, $"only {before} KiB of the read file were resident");
            Assert.True(advised >= content.Length, $"{advised} bytes advised");
            Assert.Equal(0, ResidentKiB(path));
            Assert.Equal(sum, Sum(view, content.Length));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TrimStartupPages_RunsOnThisProcessesExecutable()
    {
        // The test host's executable (the dotnet host) stands for the sidecar's: the process runs on.
        Assert.True(ProgramImage.TrimStartupPages() > 0);
    }

    private static long Sum(MemoryMappedViewAccessor view, int length)
    {
        long sum = 0;
        for (var i = 0; i < length; i += 512)
        {
            sum += view.ReadByte(i);
        }

        return sum;
    }

    // The resident KiB of path's read-only mappings, from /proc/self/smaps.
    private static long ResidentKiB(string path)
    {
        long total = 0;
        var inside = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && parts[0].All(c => c == '-' || char.IsAsciiHexDigit(c)))
            {
                inside = parts.Length == 6 && parts[5].Trim() == path && parts[1][1] != 'w';
            }
            else if (inside && line.StartsWith("Rss:", StringComparison.Ordinal))
            {
                total += long.Parse(line.AsSpan(4).Trim().TrimEnd("kB").Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
