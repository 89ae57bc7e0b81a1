using System.Text;
using Mesh.Model.Parsing;
using Mesh.Model.Validation;

namespace Mesh.Model.Tests.Parsing;

/// <summary>Hostile texts: each is refused with one diagnostic that says why, quickly, and without ending the process.</summary>
public sealed class InputLimitsTests
{
    private const string Rule = """
        apiVersion: networking.istio.io/v1
        kind: DestinationRule
        metadata: {name: reviews}
        spec: {host: reviews}
        """;

    [Fact]
    public void Read_HundredKilobytesOfOpenBrackets_IsRefusedBeforeTheRecursiveLoader()
    {
        var result = ResourceReader.Read(new string('[', 100_000), "deep.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.LimitExceeded, error.Code);
        Assert.Contains($"nest more than {InputLimits.MaxDepth} deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, error.Line);
    }

    [Fact]
    public void Read_NestingAtTheLimit_IsNotRefusedForDepth()
    {
        var text = Rule + "\nstatus: " + string.Concat(Enumerable.Repeat("{a: ", InputLimits.MaxDepth - 1)) + "1" + new string('}', InputLimits.MaxDepth - 1) + "\n";

        var result = ResourceReader.Read(text, "deep.yaml");

        Assert.Empty(result.Diagnostics);
        Assert.Single(result.Resources);
    }

    [Fact]
    public void Read_AliasBombInAListsExtraKeys_IsRefusedCountingWhatAliasesRepeat()
    {
        var bomb = new StringBuilder("apiVersion: v1\nkind: List\nitems: []\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            bomb.Append(System.Globalization.CultureInfo.InvariantCulture, $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        var result = ResourceReader.Read(bomb.ToString(), "bomb.yaml");

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(DiagnosticCodes.LimitExceeded, error.Code);
        Assert.Contains("more than 200,000 nodes", error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Resources);
    }

    [Fact]
    public void Read_AnchorsUsedAsWritten_AreExpanded()
    {
        var result = ResourceReader.Read("""
            apiVersion: networking.istio.io/v1
            kind: DestinationRule
            metadata: {name: reviews}
            spec:
              host: reviews
              subsets:
              - {name: v1, labels: &v1 {version: v1}}
              - {name: v1-again, labels: *v1}
            """, "anchors.yaml");

        Assert.Empty(result.Diagnostics);
        var rule = Assert.IsType<Mesh.Model.Resources.DestinationRule>(Assert.Single(result.Resources));
        Assert.Equal("v1", rule.Spec.Subsets[1].Labels["version"]);
    }

    [Fact]
    public void Read_AliasToNoAnchor_IsASyntaxError()
    {
        var error = Assert.Single(ResourceReader.Read(Rule + "\nstatus: *nowhere\n", "alias.yaml").Diagnostics);

        Assert.Equal(DiagnosticCodes.Syntax, error.Code);
        Assert.Contains("*nowhere names no anchor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MapAsAMappingKey_IsRefused()
    {
        var error = Assert.Single(ResourceReader.Read("? {a: 1}\n: 2\n", "key.yaml").Diagnostics);

        Assert.Equal(DiagnosticCodes.InvalidValue, error.Code);
        Assert.Contains("a mapping key must be a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextLongerThanTheLimit_IsRefusedNamingBothSizes()
    {
        var text = Rule + "\n#" + new string('x', InputLimits.MaxTextLength);

        var error = Assert.Single(ResourceReader.Read(text, "huge.yaml").Diagnostics);

        Assert.Equal(DiagnosticCodes.LimitExceeded, error.Code);
        Assert.Contains("the mesh reads at most 3 MiB", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xFFFD, "U+FFFD")]
    [InlineData(0xD800, "U+D800, half of a surrogate pair")]
    [InlineData(0x0001, "the control character U+0001")]
    [InlineData(0x007F, "the control character U+007F")]
    [InlineData(0xFFFF, "U+FFFF, which is no character")]
    public void Read_CharacterNoTextShouldHold_IsRefusedWithItsPosition(int code, string expected)
    {
        var character = ((char)code).ToString();
        var error = Assert.Single(ResourceReader.Read(Rule + $"\n---\n{Rule.Replace("reviews}", $"re{character}views}}", StringComparison.Ordinal)}", "chars.yaml").Diagnostics);

        Assert.Equal(DiagnosticCodes.Syntax, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal((2, 8, 20), (error.DocumentIndex, error.Line, error.Column));
    }

    [Fact]
    public void Read_EmojiAndOtherPairs_AreCharactersLikeAnyOther()
    {
        var result = ResourceReader.Read(Rule.Replace("metadata: {name: reviews}", "metadata: {name: reviews, annotations: {note: \"\U0001F600 ok\"}}", StringComparison.Ordinal), "pairs.yaml");

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void Read_ThousandsOfUnknownFields_KeepsTheFirstDiagnosticsAndCountsTheRest()
    {
        var fields = string.Concat(Enumerable.Range(0, 1500).Select(i => $"  f{i}: 1\n"));
        var result = ResourceReader.Read("apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n" + fields, "many.yaml");

        Assert.Equal(InputLimits.MaxReadDiagnostics + 1, result.Diagnostics.Count);
        var last = result.Diagnostics[^1];
        Assert.Equal(DiagnosticCodes.LimitExceeded, last.Code);
        Assert.StartsWith("500 more diagnostics not shown", last.Message, StringComparison.Ordinal);
        Assert.True(last.IsError);
    }

    [Fact]
    public void ReadFile_BytesThatAreNotUtf8_AreNamedWithTheirOffset()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Encoding.UTF8.GetBytes("kind: Li"), 0xC3, 0x28, .. Encoding.UTF8.GetBytes("st\n")]);

            var error = Assert.Single(ResourceReader.ReadFile(path).Diagnostics);

            Assert.Equal(DiagnosticCodes.Syntax, error.Code);
            Assert.Contains("the file is not UTF-8: byte 0xC3 at offset 8", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ReadFile_LargerThanTheLimit_IsRefusedBeforeItIsRead()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
            {
                file.SetLength(InputLimits.MaxTextLength + 1L);
            }

            var error = Assert.Single(ResourceReader.ReadFile(path).Diagnostics);

            Assert.Equal(DiagnosticCodes.LimitExceeded, error.Code);
            Assert.Contains("the file is 3,145,729 bytes", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
