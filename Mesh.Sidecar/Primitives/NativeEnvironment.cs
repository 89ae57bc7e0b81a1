using System.Runtime.InteropServices;

namespace Mesh.Sidecar.Primitives;

/// <summary>
/// The C library's own environment. .NET keeps a copy of the environment for managed code, so
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach native code that calls <c>getenv</c>
/// (OpenSSL, for one); this does. Not thread-safe against concurrent <c>getenv</c>: call it first in <c>Main</c>.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>Sets <paramref name="name"/> for native code in this process; false where the C library has no <c>setenv</c>.</summary>
    public static bool TrySet(string name, string value)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            return SetEnvironmentVariable(name, value, overwrite: 1) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // DllImport as in NativeMemory: strings marshal as UTF-8 on Unix; LibraryImport would need unsafe code in this project.
    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnvironmentVariable(string name, string value, int overwrite);
}
