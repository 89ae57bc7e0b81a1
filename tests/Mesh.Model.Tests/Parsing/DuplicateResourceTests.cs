using Mesh.Model.Parsing;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Parsing;

public sealed class DuplicateResourceTests
{
    [Fact]
    public void Read_SameResourceTwiceInOneText_IsAnErrorAtTheSecond()
    {
        var result = ResourceReader.Read("""
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: twice}
            spec: {action: ALLOW, rules: [{}]}
            ---
            apiVersion: security.istio.io/v1
            kind: AuthorizationPolicy
            metadata: {name: twice}
            spec: {action: DENY, rules: [{}]}
            """, "twice.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(
            "twice.yaml: document 2 (AuthorizationPolicy default/twice): metadata.name (line 8, column 18): error: AuthorizationPolicy default/twice is also defined in document 1",
            error.ToString());
        Assert.Equal(DiagnosticCodes.Duplicate, error.Code);
    }
}
