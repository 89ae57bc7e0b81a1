using System.Diagnostics;
using Mesh.Model.Conventions;

namespace Mesh.Model.Tests.Conventions;

public sealed class MatchRegexTests
{
    [Theory]
    [InlineData(@"(a)\1", @"a backreference (\1)")]
    [InlineData(@"(?<n>a)\k<n>", @"a named backreference (\k<name>)")]
    [InlineData(@"(?=a)a", "a lookahead")]
    [InlineData(@"(?!a)b", "a lookahead")]
    [InlineData(@"(?<=a)b", "a lookbehind")]
    [InlineData(@"(?<!a)b", "a lookbehind")]
    [InlineData(@"(?>a+)b", "an atomic group")]
    [InlineData(@"a*+", "a possessive quantifier (*+)")]
    [InlineData(@"a++", "a possessive quantifier (++)")]
    [InlineData(@"a?+", "a possessive quantifier (?+)")]
    [InlineData(@"a{2,3}+", "a possessive quantifier (}+)")]
    [InlineData(@"(?(a)b|c)", "a conditional")]
    [InlineData(@"(?<o>a)(?<c-o>b)", "a balancing group")]
    [InlineData(@"(?x)/api#x", "the x flag (?x)")]
    [InlineData(@"(?x:a b)", "the x flag (?x)")]
    [InlineData(@"(?n)(a)", "the n flag (?n)")]
    [InlineData(@"\Ga", @"\G")]
    [InlineData(@"a\Z", @"\Z")]
    [InlineData(@"(?#note)a", "a comment group")]
    [InlineData(@"(?P<n>a)", "(?P<name>")]
    [InlineData(@"[[:alpha:]]+", "a POSIX class")]
    public void TryCreate_ConstructRe2Refuses_IsRefusedByName(string pattern, string construct)
    {
        Assert.False(MatchRegex.TryCreate(pattern, ignoreCase: false, out var regex, out var error));

        Assert.Null(regex);
        Assert.Contains(construct, error, StringComparison.Ordinal);
        Assert.Contains("which RE2 (Istio's regex engine) does not support", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(@"/api/v[0-9]+", "/api/v2", true)]
    [InlineData(@"/api", "/api/v2", false)]
    [InlineData(@"(?i)/API", "/api", true)]
    [InlineData(@"(?<name>a)b", "ab", true)]
    [InlineData(@"a\}+", "a}}", true)]
    [InlineData(@"[+*?]+", "+*?", true)]
    [InlineData(@"\d{2}-[^/]+|x", "12-ab", true)]
    [InlineData(@"a|ab", "ab", true)]
    public void TryCreate_Re2Pattern_MatchesWholeValues(string pattern, string value, bool matches)
    {
        Assert.True(MatchRegex.TryCreate(pattern, ignoreCase: false, out var regex, out var error), error);

        Assert.Equal(matches, regex.IsMatch(value));
    }

    [Fact]
    public void TryCreate_Anchoring_DoesNotAcceptAFinalNewline()
    {
        var regex = MatchRegex.Create("a", ignoreCase: false);

        Assert.DoesNotMatch(regex, "a\n");
    }

    [Fact]
    public void TryCreate_PatternThatIsNoWholeRegex_IsRefusedRatherThanPairedWithTheAnchors()
    {
        Assert.False(MatchRegex.TryCreate("a)|(b", ignoreCase: false, out _, out var error));

        Assert.Contains("Too many )'s", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_IgnoreCase_IsPartOfTheRegex()
    {
        Assert.Matches(MatchRegex.Create("/api", ignoreCase: true), "/API");
        Assert.DoesNotMatch(MatchRegex.Create("/api", ignoreCase: false), "/API");
    }

    [Theory]
    [InlineData("", "an empty regex")]
    [InlineData(null, "the regex is 1025 characters long; Istio takes at most 1024")]
    public void TryCreate_EmptyOrLongerThanIstiosLimit_IsRefused(string? pattern, string expected)
    {
        Assert.False(MatchRegex.TryCreate(pattern ?? new string('a', 1025), ignoreCase: false, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_AutomatonLargerThanTheEngineBuilds_IsRefusedWithItsReason()
    {
        Assert.False(MatchRegex.TryCreate("(a{1000}){1000}", ignoreCase: false, out _, out var error));

        Assert.Contains("NonBacktracking", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_CatastrophicPatternForABacktracker_RunsInLinearTime()
    {
        var regex = MatchRegex.Create("(x+x+)+y", ignoreCase: false);
        var clock = Stopwatch.StartNew();

        Assert.DoesNotMatch(regex, new string('x', 20_000));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Create_RefusedPattern_ThrowsNamingPatternAndReason()
    {
        var error = Assert.Throws<ArgumentException>(() => MatchRegex.Create(@"(a)\1", ignoreCase: false));

        Assert.StartsWith(@"regex ""(a)\1"": it uses a backreference (\1)", error.Message, StringComparison.Ordinal);
    }
}
