namespace Mesh.ControlPlane.Configuration;

/// <summary>
/// The last refused saves of config files, newest first, for the status view: a file save has no caller to
/// answer, unlike an admin API change, so this is where its refusal shows besides the log.
/// </summary>
internal sealed class ConfigRejections
{
    private const int Kept = 10;

    private readonly Lock _lock = new();
    private readonly LinkedList<string> _rejections = new();

    /// <summary>The kept refusals, newest first.</summary>
    public IReadOnlyList<string> Newest
    {
        get
        {
            lock (_lock)
            {
                return [.. _rejections];
            }
        }
    }

    /// <summary>Keeps a refusal, forgetting the oldest beyond the last ten.</summary>
    public void Add(string file, string errors)
    {
        lock (_lock)
        {
            _rejections.AddFirst($"{file}: {errors}");
            while (_rejections.Count > Kept)
            {
                _rejections.RemoveLast();
            }
        }
    }
}
