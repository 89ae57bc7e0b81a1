using Mesh.Bench.Measurement;

namespace Mesh.Bench.Tests.Measurement;

public sealed class ProcessTableTests
{
    [Fact]
    public void Parse_CommandNameWithSpacesAndParentheses_ReadsTheFieldsAfterIt()
    {
        const string Stat = "4242 (Web (Content) 1) S 4100 4242 4242 0 -1 4194560 2193 0 0 0 12 3 0 0 20 0 9 0 98765 123456 789 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0";

        var entry = ProcessTable.Parse(4242, Stat, "/usr/bin/web --flag");

        Assert.Equal(4100, entry.ParentPid);
        Assert.Equal(4242, entry.SessionId);
        Assert.Equal(98765, entry.StartTicks);
        Assert.False(entry.Exited);
        Assert.Equal("/usr/bin/web --flag", entry.CommandLine);
    }

    [Fact]
    public void Parse_Zombie_IsExited()
    {
        const string Stat = "77 (dcp) Z 1 77 77 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0";

        Assert.True(ProcessTable.Parse(77, Stat, "").Exited);
    }

    [Fact]
    public void SecondsAfter_CountsClockTicksAsHundredthsOfASecond()
    {
        var root = new ProcessEntry(1, 0, 1, 1000, false, "dotnet run");
        var later = new ProcessEntry(2, 1, 1, 1250, false, "app");

        Assert.Equal(2.5, later.SecondsAfter(root), precision: 9);
    }

    [LinuxFact]
    public void Read_ThisProcess_FindsItWithItsCommandLine()
    {
        var self = ProcessTable.Read(Environment.ProcessId);

        Assert.NotNull(self);
        Assert.False(self.Exited);
        Assert.NotEmpty(self.CommandLine);
    }
}
