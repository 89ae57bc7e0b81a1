using Mesh.Model.Resources;
using Mesh.Model.Tests.TestData;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

public sealed class ValidCorpusValidationTests
{
    public static TheoryData<string> ValidFiles => TestFiles.Names("valid");

    /// <summary>
    /// As in Istio's Bookinfo tasks, each file is applied over the default destination rules
    /// (destination-rule-all.yaml), replacing resources of the same kind, namespace and name.
    /// </summary>
    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void Validate_ValidFileOverBookinfoDefaults_HasNoErrors(string name)
    {
        var applied = TestFiles.Resources(name);
        var keys = applied.Select(static r => r.Key).ToHashSet();
        var defaults = TestFiles.Resources("destination-rule-all.yaml").Where(r => !keys.Contains(r.Key));
        IReadOnlyList<ConfigResource> resources = [.. defaults, .. applied];

        var diagnostics = ConfigValidator.Validate(resources, Bookinfo.Catalog);

        TestFiles.AssertNone(diagnostics.Where(static d => d.IsError));
        // The default rules define subsets for versions Bookinfo does not run here (ratings v2, details v2):
        // that is only a warning, as workloads come and go.
        TestFiles.AssertNone(diagnostics.Where(static d => d.Code != DiagnosticCodes.NoMatchingWorkloads && d.Code != DiagnosticCodes.Conflict));
    }
}
