using System.Reflection;
using System.Text;
using Mono.Cecil;

namespace Mesh.Testing.Architecture;

/// <summary>
/// The dependencies between an assembly's top-level folders, read from its compiled IL. A folder is a namespace
/// directly under the root namespace (<c>Mesh.Sidecar.Inbound.Detection</c> belongs to <c>Inbound</c>); types in the
/// root namespace itself form the folder <see cref="RootFolder"/>. A type depends on every type it names (see
/// <see cref="TypeDependencies"/>); compiler-generated nested types count for their outermost declaring type.
/// </summary>
public sealed class NamespaceGraph
{
    /// <summary>The folder of the types declared in the root namespace itself.</summary>
    public const string RootFolder = "(root)";

    private NamespaceGraph(string rootNamespace, IReadOnlyList<string> folders, IReadOnlyList<FolderDependency> dependencies)
    {
        RootNamespace = rootNamespace;
        Folders = folders;
        Dependencies = dependencies;
    }

    /// <summary>The namespace whose direct children are the folders.</summary>
    public string RootNamespace { get; }

    /// <summary>Every folder that declares a type, <see cref="RootFolder"/> first, then by name.</summary>
    public IReadOnlyList<string> Folders { get; }

    /// <summary>Every dependency between two different folders, by source then target.</summary>
    public IReadOnlyList<FolderDependency> Dependencies { get; }

    /// <summary>
    /// Reads <c><paramref name="assemblyName"/>.dll</c> from the test's output folder (where a project reference puts
    /// it), with the assembly name as root namespace, as this repository's projects have it.
    /// </summary>
    public static NamespaceGraph ReadFromOutput(string assemblyName) =>
        Read(Path.Combine(AppContext.BaseDirectory, assemblyName + ".dll"), assemblyName);

    /// <summary>Reads the assembly at <paramref name="assemblyPath"/>; only types under <paramref name="rootNamespace"/> count.</summary>
    public static NamespaceGraph Read(string assemblyPath, string rootNamespace)
    {
        ArgumentException.ThrowIfNullOrEmpty(assemblyPath);
        ArgumentException.ThrowIfNullOrEmpty(rootNamespace);
        using var resolver = CreateResolver(assemblyPath);
        using var module = ModuleDefinition.ReadModule(assemblyPath, new ReaderParameters { AssemblyResolver = resolver });
        var folders = new SortedSet<string>(FolderOrder.Instance);
        var pairs = new Dictionary<(string From, string To), SortedSet<string>>();
        foreach (var type in module.Types)
        {
            if (FolderOf(type.Namespace, rootNamespace) is not { } from)
            {
                continue;
            }

            folders.Add(from);
            foreach (var used in TypeDependencies.Of(type))
            {
                var outermost = Outermost(used);
                if (outermost.Scope != module || FolderOf(outermost.Namespace, rootNamespace) is not { } to || to == from)
                {
                    continue;
                }

                var key = (from, to);
                if (!pairs.TryGetValue(key, out var examples))
                {
                    pairs[key] = examples = new SortedSet<string>(StringComparer.Ordinal);
                }

                examples.Add($"{Name(type, rootNamespace)} → {Name(outermost, rootNamespace)}");
            }
        }

        var dependencies = pairs
            .Select(p => new FolderDependency(p.Key.From, p.Key.To, p.Value.Count, p.Value.Min!))
            .OrderBy(d => d.From, FolderOrder.Instance)
            .ThenBy(d => d.To, FolderOrder.Instance)
            .ToList();
        return new NamespaceGraph(rootNamespace, [.. folders], dependencies);
    }

    /// <summary>Whether <paramref name="from"/> names a type of <paramref name="to"/> directly.</summary>
    public bool DependsOn(string from, string to) => Dependencies.Any(d => d.From == from && d.To == to);

    /// <summary>Every set of folders that reach one another; empty when the folders form layers.</summary>
    public IReadOnlyList<DependencyCycle> FindCycles() => CycleFinder.Find(Folders, Dependencies);

    /// <summary>The failure message for the cycles found, naming each; empty when the folders form layers.</summary>
    public string DescribeCycles()
    {
        var cycles = FindCycles();
        return cycles.Count == 0
            ? string.Empty
            : $"Folder dependency cycles in {RootNamespace}:{Environment.NewLine}{string.Join(Environment.NewLine, cycles)}";
    }

    /// <summary>
    /// The top-level folders of <paramref name="assembly"/> as reflection sees its types (under its root namespace
    /// <paramref name="rootNamespace"/>), in order: what the IL reader must find too.
    /// </summary>
    public static IReadOnlyList<string> FoldersByReflection(System.Reflection.Assembly assembly, string rootNamespace)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return [.. assembly.GetTypes()
            .Select(t => t.Namespace ?? "")
            .Where(ns => ns == rootNamespace || ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
            .Select(ns => ns == rootNamespace ? RootFolder : ns[(rootNamespace.Length + 1)..].Split('.')[0])
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The folders in layers, when there is no cycle: the first layer depends on no other folder, each later one only
    /// on layers before it. Null while a cycle remains.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<string>>? Layers()
    {
        var placed = new Dictionary<string, int>(StringComparer.Ordinal);
        var remaining = Folders.ToList();
        var layers = new List<IReadOnlyList<string>>();
        while (remaining.Count > 0)
        {
            var layer = remaining.Where(f => Dependencies.Where(d => d.From == f).All(d => placed.ContainsKey(d.To))).ToList();
            if (layer.Count == 0)
            {
                return null;
            }

            layer.ForEach(f => placed[f] = layers.Count);
            remaining.RemoveAll(layer.Contains);
            layers.Add(layer);
        }

        return layers;
    }

    /// <summary>
    /// The graph as text to quote: each folder with the folders it uses, then the layers (or the cycles), then every
    /// dependency with an example.
    /// </summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(RootNamespace).Append(": ").Append(Folders.Count).Append(" folders, ").Append(Dependencies.Count).AppendLine(" dependencies between them");
        foreach (var folder in Folders)
        {
            var uses = Dependencies.Where(d => d.From == folder).Select(d => d.To).ToList();
            text.Append("  ").Append(folder).Append(" → ").AppendLine(uses.Count == 0 ? "(nothing)" : string.Join(", ", uses));
        }

        if (Layers() is { } layers)
        {
            text.AppendLine("Layers, each using only the ones above it:");
            for (var i = 0; i < layers.Count; i++)
            {
                text.Append("  ").Append(i).Append(": ").AppendLine(string.Join(", ", layers[i]));
            }
        }
        else
        {
            text.AppendLine("Cycles:");
            foreach (var cycle in FindCycles())
            {
                text.Append(cycle);
            }
        }

        text.AppendLine("Every dependency, with an example:");
        foreach (var dependency in Dependencies)
        {
            text.Append("  ").AppendLine(dependency.ToString());
        }

        return text.ToString();
    }

    internal static string? FolderOf(string ns, string rootNamespace)
    {
        if (ns == rootNamespace)
        {
            return RootFolder;
        }

        if (!ns.StartsWith(rootNamespace + ".", StringComparison.Ordinal))
        {
            return null;
        }

        var folder = ns[(rootNamespace.Length + 1)..];
        var dot = folder.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? folder : folder[..dot];
    }

    private static TypeReference Outermost(TypeReference type)
    {
        while (type.DeclaringType is { } declaring)
        {
            type = declaring;
        }

        return type;
    }

    private static string Name(TypeReference type, string rootNamespace) =>
        type.Namespace == rootNamespace ? type.Name : $"{type.Namespace[(rootNamespace.Length + 1)..]}.{type.Name}";

    // Attribute arguments of enum types (LogLevel in [LoggerMessage]) can only be decoded by reading the assembly that
    // declares the enum: look beside the subject and wherever this process loaded its own assemblies from.
    private static DefaultAssemblyResolver CreateResolver(string assemblyPath)
    {
        var resolver = new DefaultAssemblyResolver();
        var directories = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location))
            .Select(a => Path.GetDirectoryName(a.Location)!)
            .Prepend(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!)
            .Distinct(StringComparer.Ordinal);
        foreach (var directory in directories)
        {
            resolver.AddSearchDirectory(directory);
        }

        return resolver;
    }

    private sealed class FolderOrder : IComparer<string>
    {
        public static readonly FolderOrder Instance = new();

        public int Compare(string? x, string? y) =>
            (x == RootFolder, y == RootFolder) switch
            {
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(x, y),
            };
    }
}
