using System.Net;
using System.Net.Sockets;
using Mesh.Bench.Topology;

namespace Mesh.Bench.Tests.Topology;

/// <summary>
/// The ports the benchmark gives its programs before they bind them: never the same twice in a run, and outside the
/// range outgoing connections take theirs from, so nothing can take one before its program binds it.
/// </summary>
public sealed class FreePortTests
{
    [Fact]
    public void FreePort_NeverHandsOutAPortTwice_AndStaysBelowTheEphemeralRange()
    {
        var ports = Enumerable.Range(0, 300).Select(_ => Programs.FreePort()).ToList();

        Assert.Equal(ports.Count, ports.Distinct().Count());
        Assert.All(ports, port => Assert.InRange(port, EphemeralPorts.FirstBelow, EphemeralPorts.Low - 1));
    }

    [Fact]
    public void FreePort_PassesOverAPortSomeoneListensOn_AndOneItHandedOutBefore()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port;
        var handedOut = Programs.FreePort();
        // Free now and never handed out: the kernel's choice, from the ephemeral range the benchmark's own stay below.
        int fresh;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            fresh = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var candidates = new Queue<int>([busy, handedOut, fresh]);

        Assert.Equal(fresh, Programs.FreePort(candidates.Dequeue));
    }

    [Theory]
    [InlineData("32768\t60999\n", 32768)]
    [InlineData("1024 65535", 1024)]
    [InlineData("", 32768)]
    [InlineData("low high", 32768)]
    [InlineData("0 0", 32768)]
    [InlineData(null, 32768)]
    public void EphemeralRange_IsReadFromTheKernelsLine_OrLinuxDefault(string? line, int low) =>
        Assert.Equal(low, EphemeralPorts.Parse(line));
}
