namespace Mesh.Testing.Tests.Architecture.Samples.Target;

// The folder every folder in Referrers.cs reaches, each in one way only.

public class ThingBase;

public interface IThing;

public sealed class Thing : ThingBase, IThing
{
    public static int Count { get; set; }

    public static int Touch() => Count++;
}

public sealed class ThingException : Exception
{
    public ThingException()
    {
    }

    public ThingException(string message) : base(message)
    {
    }

    public ThingException(string message, Exception inner) : base(message, inner)
    {
    }
}

[AttributeUsage(AttributeTargets.All)]
public sealed class ThingAttribute : Attribute;

public enum ThingKind
{
    Small,
    Large,
}
