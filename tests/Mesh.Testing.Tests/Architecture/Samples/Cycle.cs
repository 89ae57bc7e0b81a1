// Two folders that use each other, one that uses nothing of the samples, and a type beside the samples' root that is
// not part of the graph at all.

namespace Mesh.Testing.Tests.Architecture.Samples.CycleA
{
    public static class First
    {
        public static int Go(int depth) => depth <= 0 ? 0 : CycleB.Second.Go(depth - 1);
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.CycleB
{
    public static class Second
    {
        public static int Go(int depth) => depth <= 0 ? 0 : CycleA.First.Go(depth - 1) + Outside.Helper.One();
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.Independent
{
    public static class Alone
    {
        public static string Name() => nameof(Alone);
    }
}

namespace Mesh.Testing.Tests.Architecture.Outside
{
    public static class Helper
    {
        public static int One() => 1;
    }
}
