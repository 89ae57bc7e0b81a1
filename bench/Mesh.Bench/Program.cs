using System.Text.Json;
using Mesh.Bench;
using Mesh.Bench.EndToEnd;
using Mesh.Bench.Measurement;
using Mesh.Bench.Reporting;
using Mesh.Bench.Startup;
using Mesh.Bench.Topology;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchSettings.Usage);
    return 0;
}

BenchSettings settings;
try
{
    settings = BenchSettings.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Each part runs alone on the machine, in this order: the data path, the end-to-end pair, the start-up timeline.
var results = settings.Sections.HasFlag(BenchSections.DataPath)
    ? await RunDataPathAsync(settings, cancel.Token)
    : new BenchResults(settings.Label, DateTimeOffset.UtcNow, MachineInfo.Read(Nginx.Find() is { } installed ? Nginx.Version(installed) : null),
        BenchSettingsView.From(settings, [], Benchmark.BodyBytes),
        [], [], [], [], "", null);
if (settings.Sections.HasFlag(BenchSections.EndToEnd))
{
    results = results with { EndToEnd = await new EndToEndBenchmark(settings, Console.Out).RunAsync(cancel.Token) };
}

if (settings.Sections.HasFlag(BenchSections.Startup))
{
    results = results with { Startup = await new StartupBenchmark(settings, Console.Out).RunAsync(cancel.Token) };
}

results = results with { Date = DateTimeOffset.UtcNow, LoadAverageAtEnd = MachineInfo.ReadLoadAverage() };
Directory.CreateDirectory(settings.OutputDirectory);
var command = args.Length == 0 ? "bench/run.sh" : $"bench/run.sh {string.Join(' ', args)}";
var markdown = MarkdownReport.Write(results, command);
var json = JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true });
await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "latest.md"), markdown);
await File.WriteAllTextAsync(Path.Combine(settings.OutputDirectory, "latest.json"), json);
Console.WriteLine();
Console.WriteLine(markdown);
Console.WriteLine($"Written: {Path.Combine(settings.OutputDirectory, "latest.md")} and latest.json");
return 0;

static async Task<BenchResults> RunDataPathAsync(BenchSettings settings, CancellationToken cancellationToken)
{
    var nginx = Nginx.Find();
    if (nginx is null && settings.Paths.Contains(BenchPath.Nginx))
    {
        Console.WriteLine("nginx is not installed: the nginx path is left out (bench/run.sh installs it).");
    }

    // Read before the topology starts: the load average then is other work on the machine, not ours.
    var machine = MachineInfo.Read(nginx is null ? null : Nginx.Version(nginx));
    using var topology = await BenchTopology.StartAsync(
        new TopologyOptions(settings.Paths.Contains(BenchPath.Nginx) ? nginx : null, settings.SidecarEnvironment, Benchmark.BodyBytes, settings.Variants, settings.Paths),
        Console.Out, cancellationToken);
    return await new Benchmark(settings, topology, machine, Console.Out).RunAsync();
}
