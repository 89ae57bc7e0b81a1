using System.Runtime.InteropServices;

namespace Mesh.Bench.AppHosts;

/// <summary>Unix signals to a process or a process group (<c>kill(2)</c>), which <see cref="System.Diagnostics.Process"/> cannot send.</summary>
internal static partial class Signals
{
    public const int Terminate = 15;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to every process in the group <paramref name="groupId"/>; false when none is left.</summary>
    public static bool SendToGroup(int groupId, int signal) => OperatingSystem.IsWindows() ? false : SendSignal(-groupId, signal) == 0;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when it is gone.</summary>
    public static bool Send(int pid, int signal) => OperatingSystem.IsWindows() ? false : SendSignal(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);
}
