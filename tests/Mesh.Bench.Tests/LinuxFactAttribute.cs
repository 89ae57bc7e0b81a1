using Mesh.Bench.Measurement;

namespace Mesh.Bench.Tests;

/// <summary>A fact that is reported as skipped where there is no <c>/proc</c> to read (the benchmark's figures come from it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!ProcStats.IsSupported)
        {
            Skip = "needs Linux's /proc";
        }
    }
}
