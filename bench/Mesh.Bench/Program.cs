using System.Text.Json;
using Mesh.Bench;
using Mesh.Bench.Measurement;
using Mesh.Bench.Reporting;
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

var nginx = Nginx.Find();
if (nginx is null && settings.Paths.Contains(BenchPath.Nginx))
{
    Console.WriteLine("nginx is not installed: the nginx path is left out (bench/run.sh installs it).");
}

var nginxVersion = nginx is null ? null : Nginx.Version(nginx);
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Read before the topology starts: the load average then is other work on the machine, not ours.
var machine = MachineInfo.Read(nginxVersion);
using var topology = await BenchTopology.StartAsync(
    new TopologyOptions(settings.Paths.Contains(BenchPath.Nginx) ? nginx : null, settings.SidecarEnvironment, Benchmark.BodyBytes, settings.Variants, settings.Paths),
    Console.Out, cancel.Token);
var results = await new Benchmark(settings, topology, machine, Console.Out).RunAsync();

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
