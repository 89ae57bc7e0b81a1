// A second sample root whose folders form layers: Top uses Middle and Bottom, Middle uses Bottom.

namespace Mesh.Testing.Tests.Architecture.Layered.Bottom
{
    public static class Base
    {
        public static int Value() => 1;
    }
}

namespace Mesh.Testing.Tests.Architecture.Layered.Middle
{
    public static class Mid
    {
        public static int Value() => Bottom.Base.Value() + 1;
    }
}

namespace Mesh.Testing.Tests.Architecture.Layered.Top
{
    public static class Head
    {
        public static int Value() => Middle.Mid.Value() + Bottom.Base.Value();
    }
}
