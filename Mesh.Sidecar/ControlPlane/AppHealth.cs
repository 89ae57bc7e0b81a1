namespace Mesh.Sidecar.ControlPlane;

/// <summary>The app prober's latest verdict.</summary>
internal sealed class AppHealth
{
    private readonly Lock _lock = new();
    private bool _serving;
    private bool _probed;
    private string _detail = "not probed yet";

    /// <summary>Whether the app answered its last probe (false until the first probe answers).</summary>
    public bool Serving
    {
        get
        {
            lock (_lock)
            {
                return _serving;
            }
        }
    }

    /// <summary>What the last probe saw, e.g. <c>HTTP 200</c> or <c>Connection refused</c>.</summary>
    public string Detail
    {
        get
        {
            lock (_lock)
            {
                return _detail;
            }
        }
    }

    /// <summary>Stores a probe's result; true on the first probe and whenever <see cref="Serving"/> changed.</summary>
    public bool Update(bool serving, string detail)
    {
        lock (_lock)
        {
            var changed = serving != _serving || !_probed;
            _probed = true;
            _serving = serving;
            _detail = detail;
            return changed;
        }
    }
}
