namespace Mesh.Bench.Load;

/// <summary>A GET of the path's address, as every HTTP path is measured (<see cref="LoadClient"/>).</summary>
internal sealed class HttpGetTarget(Uri address) : LoadTarget
{
    public override Uri Address => address;

    public override ILoadSender Open(int maxConnections) => new Sender(LoadClient.Create(maxConnections), address);

    private sealed class Sender(HttpClient client, Uri address) : ILoadSender
    {
        public Task<bool> SendAsync(RunErrors errors) => LoadClient.GetAsync(client, address, errors);

        public void Dispose() => client.Dispose();
    }
}
