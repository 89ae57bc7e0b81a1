namespace MeshHost.IntegrationTests.Reliability;

/// <summary>
/// Bookinfo on the mesh, started once for the fault part of the reliability suite (kill -9 and soak). Its own AppHost:
/// the processes killed here must not disturb the mesh the other integration tests share.
/// </summary>
public sealed class FaultsFixture : BookinfoFixture
{
}

[CollectionDefinition(Name)]
public sealed class BookinfoUnderFaults : ICollectionFixture<FaultsFixture>
{
    public const string Name = "Bookinfo under faults";
}
