using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Mesh.ControlPlane.Tests;

/// <summary>
/// Every control-plane log message has its own event id, so an operator can filter on one message, and each
/// folder keeps to its own hundred (Registry 1xx, Push 2xx, Configuration 3xx, Certificates 4xx, Api/Access 5xx, Api 6xx).
/// </summary>
public class LogEventIdTests
{
    private static readonly List<(string Folder, string Method, int EventId)> Messages = typeof(ControlPlaneApp).Assembly.GetTypes()
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
        .Where(m => m.Attribute is not null)
        .Select(m => (Folder(m.Method.DeclaringType!), $"{m.Method.DeclaringType!.FullName}.{m.Method.Name}", m.Attribute!.EventId))
        .ToList();

    [Fact]
    public void LoggerMessages_EventIds_AreUniqueAndNonZero()
    {
        Assert.NotEmpty(Messages);
        Assert.All(Messages, m => Assert.True(m.EventId > 0, $"{m.Method} has no event id"));
        Assert.Empty(Messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1).Select(g => string.Join(", ", g.Select(m => m.Method))));
    }

    [Fact]
    public void LoggerMessages_EachFolder_KeepsToItsOwnHundred()
    {
        var hundreds = Messages.GroupBy(m => m.Folder).ToDictionary(g => g.Key, g => g.Select(m => m.EventId / 100).Distinct().ToList());

        Assert.All(hundreds, h => Assert.True(h.Value.Count == 1, $"{h.Key} logs with ids in {h.Value.Count} hundreds"));
        Assert.Equal(hundreds.Count, hundreds.Values.Select(h => h[0]).Distinct().Count());
    }

    private static string Folder(Type type)
    {
        while (type.DeclaringType is { } outer)
        {
            type = outer;
        }

        return type.Namespace!;
    }
}
