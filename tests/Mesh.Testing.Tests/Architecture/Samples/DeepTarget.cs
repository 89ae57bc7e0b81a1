namespace Mesh.Testing.Tests.Architecture.Samples.Target.Deep;

// A namespace below Target: it belongs to the folder Target.

public sealed class DeepThing
{
    public static int Count { get; set; }
}
