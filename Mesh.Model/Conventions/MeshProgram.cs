using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mesh.Model.Conventions;

/// <summary>How one of the mesh's programs (the sidecar, the control plane) was built.</summary>
public enum MeshProgramBuild
{
    /// <summary>A native executable compiled ahead of time: no JIT, no runtime to find.</summary>
    NativeAot,

    /// <summary>A Release, framework-dependent build precompiled with ReadyToRun, started by <c>dotnet</c>.</summary>
    ReadyToRun,

    /// <summary>A plain build (no marker file beside it: a project's own <c>bin/</c>), started by <c>dotnet</c>.</summary>
    Managed,
}

/// <summary>
/// Where one of the mesh's programs is and how to start it. eng/MeshPrograms.targets publishes each program into
/// its own folder with a file <see cref="BuildFileName"/> naming its <see cref="MeshProgramBuild"/>; Mesh.Hosting and
/// the benchmark start it from there the same way.
/// </summary>
/// <param name="Command">The executable to start.</param>
/// <param name="Arguments">Its arguments (the assembly when started by <c>dotnet</c>).</param>
/// <param name="Directory">The program's folder, also its working directory.</param>
/// <param name="Build">How it was built.</param>
public sealed record MeshProgram(string Command, IReadOnlyList<string> Arguments, string Directory, MeshProgramBuild Build)
{
    /// <summary>The file beside a published program that names its build.</summary>
    public const string BuildFileName = "mesh-program.txt";

    /// <summary>The program's file name without extension, e.g. <c>Mesh.Sidecar</c>.</summary>
    public string Name => Path.GetFileNameWithoutExtension(Build == MeshProgramBuild.NativeAot ? Command : Arguments[0]);

    /// <summary>
    /// The program <paramref name="name"/> (e.g. <c>Mesh.Sidecar</c>) in <paramref name="directory"/>, or null when it
    /// is not there. A folder may hold files of an earlier build of the other kind; the build file decides.
    /// </summary>
    /// <exception cref="InvalidDataException">The build file names no known build.</exception>
    public static MeshProgram? Find(string directory, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var build = ReadBuild(directory);
        if (build == MeshProgramBuild.NativeAot)
        {
            var executable = Path.Combine(directory, OperatingSystem.IsWindows() ? name + ".exe" : name);
            return File.Exists(executable) ? new MeshProgram(executable, [], directory, build) : null;
        }

        var assembly = Path.Combine(directory, name + ".dll");
        return File.Exists(assembly) ? new MeshProgram(DotnetHost(), [assembly], directory, build) : null;
    }

    /// <summary>Says how the running process was built, for its start-up log: e.g. "Native AOT".</summary>
    public static string DescribeRunningBuild()
    {
        if (!RuntimeFeature.IsDynamicCodeSupported)
        {
            return Describe(MeshProgramBuild.NativeAot);
        }

        var build = ReadBuild(AppContext.BaseDirectory);
        if (build != MeshProgramBuild.Managed)
        {
            return Describe(build);
        }

        var debuggable = Assembly.GetEntryAssembly()?.GetCustomAttribute<DebuggableAttribute>();
        return debuggable?.IsJITOptimizerDisabled == true ? "Debug (JIT, not optimized)" : "Release (JIT)";
    }

    /// <summary>A person's name for <paramref name="build"/>, as the log and the dashboard show it.</summary>
    public static string Describe(MeshProgramBuild build) => build switch
    {
        MeshProgramBuild.NativeAot => "Native AOT",
        MeshProgramBuild.ReadyToRun => "ReadyToRun (Release)",
        _ => "JIT (not published)",
    };

    /// <summary>
    /// The <c>dotnet</c> host of the runtime running this process, so programs started with it run on the same
    /// runtime whether or not <c>dotnet</c> is on PATH.
    /// </summary>
    public static string DotnetHost()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = Path.Combine(root, executable);
        if (File.Exists(candidate))
        {
            return candidate;
        }

        var fromSdk = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(fromSdk) && File.Exists(fromSdk) ? fromSdk : executable;
    }

    private static MeshProgramBuild ReadBuild(string directory)
    {
        var file = Path.Combine(directory, BuildFileName);
        if (!File.Exists(file))
        {
            return MeshProgramBuild.Managed;
        }

        var text = File.ReadAllText(file).Trim();
        return text switch
        {
            nameof(MeshProgramBuild.NativeAot) => MeshProgramBuild.NativeAot,
            nameof(MeshProgramBuild.ReadyToRun) => MeshProgramBuild.ReadyToRun,
            _ => throw new InvalidDataException($"'{file}' says '{text}': expected NativeAot or ReadyToRun. Rebuild the project that ships the mesh's programs."),
        };
    }
}
