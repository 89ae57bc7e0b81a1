namespace Mesh.ControlPlane.Tests;

/// <summary>Waits for a condition that another thread makes true; generous so that 2-core CI does not flake.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task TrueAsync(Func<bool> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {Timeout}{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(10);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string? because = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {Timeout}{(because is null ? "" : ": " + because)}");
            }

            await Task.Delay(20);
        }
    }
}
