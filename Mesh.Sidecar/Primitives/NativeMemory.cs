using System.Runtime.InteropServices;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// Native memory settings for a small proxy process. glibc gives each thread that allocates concurrently an arena of
/// its own (up to 8 per core), each keeping its freed pages: the sidecar's native allocations (OpenSSL, the runtime's
/// own) are small, so one arena is enough and keeps those pages from being spread over several (the setting Envoy's
/// tcmalloc and MALLOC_ARENA_MAX in containers are about).
/// </summary>
internal static class NativeMemory
{
    private const int ArenaMaxOption = -8; // M_ARENA_MAX in glibc's malloc.h

    /// <summary>Limits glibc's malloc to one arena; does nothing where the C library is not glibc.</summary>
    public static void LimitMallocArenas()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            _ = MallocOption(ArenaMaxOption, 1);
        }
        catch (EntryPointNotFoundException)
        {
            // musl (Alpine) has no mallopt: it has no per-thread arenas either.
        }
        catch (DllNotFoundException)
        {
        }
    }

    // DllImport: two ints need no marshalling, and LibraryImport would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallocOption(int option, int value);
}
