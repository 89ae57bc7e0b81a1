using Mesh.Bench.AppHosts;

namespace Mesh.Bench.Tests.AppHosts;

public sealed class ProcessNamesTests
{
    [Theory]
    [InlineData("/work/mesh/sidecar/Mesh.Sidecar", "Mesh.Sidecar")]
    [InlineData("/root/.nuget/packages/aspire.hosting.orchestration.linux-x64/13.6.5/tools/dcp run-controllers --kubeconfig /tmp/k", "dcp run-controllers")]
    [InlineData("dotnet run --project /work/Details/Bookinfo.Details.csproj --no-build", "dotnet run")]
    [InlineData("/usr/share/dotnet/dotnet /work/bench/programs/backend/Mesh.Bench.Backend.dll 5000", "Mesh.Bench.Backend")]
    [InlineData("setsid /usr/share/dotnet/dotnet run --project MeshHost.AppHost", "dotnet run")]
    [InlineData("", "(exited)")]
    public void Short_NamesTheProgram(string commandLine, string expected) => Assert.Equal(expected, ProcessNames.Short(commandLine));
}
