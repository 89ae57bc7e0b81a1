using System.Globalization;
using System.Runtime.InteropServices;

namespace Mesh.Bench.Measurement;

/// <summary>The machine and software the figures come from.</summary>
/// <param name="LoadAverage">/proc/loadavg when the run started: other work on the machine shows here.</param>
internal sealed record MachineInfo(int Cores, string CpuModel, double MemoryGiB, string Os, string DotnetRuntime, string? NginxVersion, string Kernel,
    string LoadAverage)
{
    /// <summary>/proc/loadavg now (1, 5 and 15-minute load averages), or empty.</summary>
    public static string ReadLoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static MachineInfo Read(string? nginxVersion) => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadMemoryGiB(),
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        nginxVersion,
        Environment.OSVersion.VersionString,
        ReadLoadAverage());

    private static string ReadCpuModel()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                if (line.StartsWith("model name", StringComparison.Ordinal))
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static double ReadMemoryGiB()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/meminfo"))
            {
                if (line.StartsWith("MemTotal:", StringComparison.Ordinal))
                {
                    var kib = long.Parse(line["MemTotal:".Length..].Trim().TrimEnd('B', 'k').Trim(), CultureInfo.InvariantCulture);
                    return Math.Round(kib / 1024.0 / 1024.0, 1);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
