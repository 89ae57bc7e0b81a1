using Mesh.Bench.Startup;

namespace Mesh.Bench.Tests.Startup;

public sealed class ListeningPortsTests
{
    [Fact]
    public void Parse_ProcNetTcp_ReturnsOnlyListeningPorts()
    {
        string[] lines =
        [
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:76DE 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1385252 1 000000006da7d486 100 0 0 10 0",
            "   1: 0100007F:76DE 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1395099 1 000000009e63ad4c 20 4 30 10 -1",
            "   2: 00000000000000000000000001000000:3B1A 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1 1 0 100 0 0 10 0",
        ];

        Assert.Equal([0x3B1A, 0x76DE], ListeningPorts.Parse(lines).Order());
    }

    [LinuxFact]
    public void Read_AListenerOpenedHere_IsAmongThem()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();

        Assert.Contains(((System.Net.IPEndPoint)listener.LocalEndpoint).Port, ListeningPorts.Read());
    }
}
