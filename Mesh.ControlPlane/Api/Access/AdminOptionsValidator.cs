using System.Globalization;
using Mesh.ControlPlane.Certificates;
using Microsoft.Extensions.Options;

namespace Mesh.ControlPlane.Api.Access;

/// <summary>Refuses a guessable admin credential at start-up.</summary>
internal sealed class AdminOptionsValidator : IValidateOptions<AdminOptions>
{
    public ValidateOptionsResult Validate(string? name, AdminOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Never echo the value: the message reaches logs.
        return options.AdminToken is { Length: > 0 } token && token.Length < CertificateOptionsValidator.MinimumTokenLength
            ? ValidateOptionsResult.Fail(string.Format(
                CultureInfo.InvariantCulture,
                "{0}:{1} must be at least {2} characters; it has {3}.",
                AdminOptions.SectionName,
                nameof(options.AdminToken),
                CertificateOptionsValidator.MinimumTokenLength,
                token.Length))
            : ValidateOptionsResult.Success;
    }
}
