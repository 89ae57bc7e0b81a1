using System.Reflection;

namespace Mesh.Sidecar.Tests.Telemetry;

public sealed class LogEventIdTests
{
    [Fact]
    public void LoggerMessages_EventIds_AreUniqueAcrossTheSidecar()
    {
        var methods = typeof(Mesh.Sidecar.SidecarApp).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(m => m.Attribute is not null)
            .ToList();

        Assert.NotEmpty(methods);
        var duplicates = methods.GroupBy(m => m.Attribute!.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => $"{m.Method.DeclaringType!.DeclaringType?.Name ?? m.Method.DeclaringType.Name}.{m.Method.Name}"))}")
            .ToList();
        Assert.True(duplicates.Count == 0, "event ids used twice: " + string.Join("; ", duplicates));
    }
}
