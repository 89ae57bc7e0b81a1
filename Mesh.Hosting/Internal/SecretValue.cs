using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Internal;

/// <summary>
/// A credential the AppHost made, handed to a process as an Aspire secret parameter rather than as a plain string:
/// Aspire then treats it as a secret wherever it shows the environment (masked in the dashboard, redacted from
/// <c>aspire describe</c>).
/// </summary>
internal static class SecretValue
{
    /// <summary>A secret parameter that answers <paramref name="value"/>; not added to the model, so the dashboard lists no extra resource.</summary>
    internal static ParameterResource Of(string name, string value) => new(name, _ => value, secret: true);
}
