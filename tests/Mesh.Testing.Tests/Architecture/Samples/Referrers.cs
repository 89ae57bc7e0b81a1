using Mesh.Testing.Tests.Architecture.Samples.Target;
using Mesh.Testing.Tests.Architecture.Samples.Target.Deep;

// Each namespace is a folder that names a type of Target in one way only, so a test can check that way is seen.

namespace Mesh.Testing.Tests.Architecture.Samples.ViaBaseType
{
    public class Derived : ThingBase;
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaInterface
{
    public sealed class Implementation : IThing;
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaField
{
    public sealed class Holder(int size)
    {
        // An enum: its values are plain integers in IL, so only the field's type names Target.
        private readonly ThingKind _kind = (ThingKind)size;

        public int Size => (int)_kind;
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaProperty
{
    public abstract class Holder
    {
        public abstract Thing Thing { get; }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaParameter
{
    public abstract class Consumer
    {
        public abstract void Take(Thing thing);
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaGenericArgument
{
    public abstract class Consumer
    {
        public abstract IReadOnlyList<Thing> Things();
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaGenericConstraint
{
    public abstract class Box<T>
        where T : IThing
    {
        public abstract T Content { get; }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaAttribute
{
    [Thing]
    public sealed class Marked;
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaAttributeTypeArgument
{
    [AttributeUsage(AttributeTargets.Class)]
    public sealed class NamesAttribute(Type named) : Attribute
    {
        public Type Named { get; } = named;
    }

    [Names(typeof(Thing))]
    public sealed class Marked;
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaMethodCall
{
    public static class Caller
    {
        public static int Call() => Thing.Touch();
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaConstruction
{
    public static class Maker
    {
        public static object Make() => new ThingException();
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaCatch
{
    public static class Guard
    {
        public static bool Run(Action action)
        {
            ArgumentNullException.ThrowIfNull(action);
            try
            {
                action();
                return true;
            }
            catch (ThingException)
            {
                return false;
            }
        }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaTypeOf
{
    public static class Names
    {
        public static string Of() => typeof(Thing).Name;
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaClosure
{
    public static class Counter
    {
        // Only the compiler's display class (nested here) names Thing: the method itself just creates the delegate.
        public static Func<int> Make(int start) => () => start + Thing.Touch();
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaAsyncStateMachine
{
    public static class Worker
    {
        // After the await, the body lives in the compiler's state machine nested here.
        public static async Task<int> RunAsync()
        {
            await Task.Yield();
            return Thing.Touch();
        }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaIterator
{
    public static class Sequence
    {
        public static IEnumerable<int> Counts()
        {
            yield return Thing.Touch();
        }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaNestedType
{
    public static class Outer
    {
        public static class Inner
        {
            public static int Count() => Thing.Touch();
        }
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples.ViaDeeperNamespace
{
    public static class Reader
    {
        public static int Read() => DeepThing.Count;
    }
}

namespace Mesh.Testing.Tests.Architecture.Samples
{
    /// <summary>A type of the root namespace: the folder "(root)".</summary>
    public static class Entry
    {
        public static int Start() => Thing.Touch();
    }
}
