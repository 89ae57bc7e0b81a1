using System.Collections.Frozen;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Mesh.Sidecar.Listeners;

/// <summary>Which listener a port belongs to.</summary>
internal enum ListenerKind
{
    /// <summary>An inbound listener: the one peers call (index 0), or the app's published port (index 1).</summary>
    Inbound,

    /// <summary>The admin listener.</summary>
    Admin,

    /// <summary>An outbound listener; <see cref="ListenerBinding.Index"/> says which.</summary>
    Outbound,
}

/// <summary>A listener as the dispatcher finds it by port.</summary>
/// <param name="Kind">The listener's kind.</param>
/// <param name="Index">The outbound listener's position in <c>Mesh:Outbound</c>; 0 for the others.</param>
internal readonly record struct ListenerBinding(ListenerKind Kind, int Index)
{
    /// <summary>The app's published port, held by the sidecar: a second inbound listener.</summary>
    public static ListenerBinding Captured => new(ListenerKind.Inbound, 1);
}

/// <summary>
/// The sidecar's listeners and their bound ports. Configured ports may be 0 (tests: any free port), so
/// the port-to-listener table is built once Kestrel has bound every listener, and the bound ports can be
/// read here (tests discover them this way).
/// </summary>
internal sealed class ListenerPorts
{
    private readonly List<(ListenerBinding Binding, ListenOptions Options)> _listeners = [];
    private readonly TaskCompletionSource _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FrozenDictionary<int, ListenerBinding>? _table;

    /// <summary>Completes once every listener is bound and <see cref="Table"/> is set.</summary>
    public Task Bound => _bound.Task;

    /// <summary>Port to listener, or null until the server has bound its listeners.</summary>
    public FrozenDictionary<int, ListenerBinding>? Table => Volatile.Read(ref _table);

    /// <summary>The inbound listener's bound port.</summary>
    public int Inbound => PortOf(new ListenerBinding(ListenerKind.Inbound, 0));

    /// <summary>The bound port of the listener that holds the app's published port (inbound capture).</summary>
    public int Captured => PortOf(ListenerBinding.Captured);

    /// <summary>The admin listener's bound port.</summary>
    public int Admin => PortOf(new ListenerBinding(ListenerKind.Admin, 0));

    /// <summary>The bound port of the outbound listener at <paramref name="index"/>.</summary>
    public int Outbound(int index) => PortOf(new ListenerBinding(ListenerKind.Outbound, index));

    /// <summary>Remembers a listener Kestrel will bind (called while Kestrel is configured).</summary>
    internal void Track(ListenerBinding binding, ListenOptions options)
    {
        lock (_listeners)
        {
            _listeners.Add((binding, options));
        }
    }

    /// <summary>Builds the dispatch table from the bound ports (called once the server has started).</summary>
    internal void Complete()
    {
        lock (_listeners)
        {
            var table = new Dictionary<int, ListenerBinding>();
            foreach (var (binding, options) in _listeners)
            {
                table[BoundPort(options)] = binding;
            }

            Volatile.Write(ref _table, table.ToFrozenDictionary());
        }

        _bound.TrySetResult();
    }

    private int PortOf(ListenerBinding binding)
    {
        lock (_listeners)
        {
            foreach (var (candidate, options) in _listeners)
            {
                if (candidate == binding)
                {
                    return BoundPort(options);
                }
            }
        }

        throw new InvalidOperationException($"No {binding.Kind} listener #{binding.Index} is configured.");
    }

    // Kestrel replaces a listener's endpoint with the bound one, so port 0 reads as the real port once bound.
    private static int BoundPort(ListenOptions options) => (options.EndPoint as IPEndPoint)?.Port ?? 0;
}
