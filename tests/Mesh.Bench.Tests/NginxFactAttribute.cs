using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests;

/// <summary>A fact that is reported as skipped where nginx is not installed (bench/run.sh installs it).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class NginxFactAttribute : FactAttribute
{
    public NginxFactAttribute()
    {
        if (Nginx.Find() is null)
        {
            Skip = "nginx is not installed (bench/run.sh installs it with apt-get)";
        }
    }
}
