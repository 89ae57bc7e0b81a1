using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Validation;

public sealed class ConfigDiagnosticTests
{
    [Fact]
    public void ToString_EveryPart_ReadsAsOneLine()
    {
        var diagnostic = new ConfigDiagnostic
        {
            Severity = DiagnosticSeverity.Error,
            Code = DiagnosticCodes.Weights,
            Message = "weights add up to 90, expected 100",
            Source = "bookinfo.yaml",
            DocumentIndex = 2,
            Kind = "VirtualService",
            Namespace = "default",
            Name = "reviews",
            Path = "spec.http[0].route[1].weight",
            Line = 14,
            Column = 13,
        };

        Assert.Equal("bookinfo.yaml: document 2 (VirtualService default/reviews): spec.http[0].route[1].weight (line 14, column 13): error: weights add up to 90, expected 100", diagnostic.ToString());
    }

    [Fact]
    public void ToString_OnlySource_StillNamesSeverity()
    {
        var diagnostic = new ConfigDiagnostic { Severity = DiagnosticSeverity.Warning, Code = DiagnosticCodes.Conflict, Message = "m", Source = "request" };

        Assert.Equal("request: warning: m", diagnostic.ToString());
    }
}
