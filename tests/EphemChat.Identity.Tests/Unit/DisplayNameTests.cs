using System.Text;
using EphemChat.Identity.Accounts;

namespace EphemChat.Identity.Tests.Unit;

public sealed class DisplayNameTests
{
    private const string Family = "\U0001F468\u200D\U0001F469\u200D\U0001F467\u200D\U0001F466";
    private const string KissWithSkinTones = "\U0001F469\U0001F3FB\u200D\u2764\uFE0F\u200D\U0001F48B\u200D\U0001F468\U0001F3FC";
    private const string EnglandFlag = "\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F";

    [Theory]
    [InlineData("Ada", "Ada")]
    [InlineData("  Ada Lovelace \t\n", "Ada Lovelace")]
    [InlineData("\u3000Ada\u3000", "Ada")]
    public void NameIsTrimmed(string raw, string expected) => Assert.Equal(expected, DisplayName.Normalize(raw).Name);

    [Fact]
    public void NameIsNormalizedToNfc()
    {
        var result = DisplayName.Normalize("Ame\u0301lie");

        Assert.Equal("Am\u00E9lie", result.Name);
        Assert.True(result.Name!.IsNormalized(NormalizationForm.FormC));
    }

    [Fact]
    public void ThirtyTwoLettersAreAccepted() => Assert.True(DisplayName.Normalize(new string('a', 32)).IsValid);

    [Fact]
    public void ThirtyThreeLettersAreTooLong() => AssertBroken(new string('a', 33), DisplayNameRule.TooLong);

    [Theory]
    [InlineData(Family)]
    [InlineData(KissWithSkinTones)]
    [InlineData(EnglandFlag)]
    [InlineData("\U0001F1EB\U0001F1F7")]
    [InlineData("1\uFE0F\u20E3")]
    [InlineData("x\u0301")]
    public void ThirtyTwoGraphemeClustersAreAcceptedHoweverManyCodeUnitsEachHas(string cluster)
    {
        var name = string.Concat(Enumerable.Repeat(cluster, 32));

        var result = DisplayName.Normalize(name);

        Assert.True(result.IsValid, result.Message);
        Assert.Equal(name.Normalize(NormalizationForm.FormC), result.Name);
    }

    [Theory]
    [InlineData(Family)]
    [InlineData(EnglandFlag)]
    [InlineData("x\u0301")]
    public void ThirtyThreeGraphemeClustersAreTooLong(string cluster) =>
        AssertBroken(string.Concat(Enumerable.Repeat(cluster, 33)), DisplayNameRule.TooLong);

    [Fact]
    public void ACharacterOfSixteenCodePointsIsAccepted() =>
        Assert.True(DisplayName.Normalize("x" + new string('\u0301', DisplayName.MaxCodePointsPerCharacter - 1)).IsValid);

    [Fact]
    public void ACharacterOfSeventeenCodePointsIsTooComplex() =>
        AssertBroken("x" + new string('\u0301', DisplayName.MaxCodePointsPerCharacter), DisplayNameRule.CharacterTooComplex);

    [Fact]
    public void MissingNameIsRequired() => AssertBroken(null, DisplayNameRule.Required);

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\r\n")]
    [InlineData("\u00A0\u2003\u3000")]
    public void WhitespaceOnlyNameIsBlank(string raw) => AssertBroken(raw, DisplayNameRule.Blank);

    [Theory]
    [InlineData("Ada\u0000")]        // NUL, a control character
    [InlineData("A\u0007da")]        // BEL
    [InlineData("A\u0085da")]        // NEL, a C1 control
    [InlineData("Ada\u202Egpj.exe")] // RIGHT-TO-LEFT OVERRIDE
    [InlineData("\u2066Ada\u2069")]  // bidi isolates
    [InlineData("A\u200Bda")]        // ZERO WIDTH SPACE
    [InlineData("A\u200Dda")]        // a ZWJ between letters, not inside an emoji sequence
    [InlineData("\U0001F468\u200D")] // a ZWJ that joins nothing
    [InlineData("A\u00ADda")]        // SOFT HYPHEN
    [InlineData("\uFEFFAda")]        // BYTE ORDER MARK
    [InlineData("A\u2028da")]        // LINE SEPARATOR
    [InlineData("A\uE000da")]        // private use
    [InlineData("A\U000E0067da")]    // a tag character outside an emoji flag
    [InlineData("A\uFFFEda")]        // a noncharacter
    public void ControlFormatAndUnassignedCharactersAreForbidden(string raw) => AssertBroken(raw, DisplayNameRule.ForbiddenCharacter);

    [Theory]
    [InlineData(0xD800, false)]
    [InlineData(0xDC00, true)]
    public void LoneSurrogatesAreForbiddenRatherThanThrowing(int codeUnit, bool first)
    {
        // Built here: xunit's theory data would turn a lone surrogate into U+FFFD on the way.
        var surrogate = ((char)codeUnit).ToString();

        AssertBroken(first ? surrogate + "Ada" : "Ada" + surrogate, DisplayNameRule.ForbiddenCharacter);
    }

    [Fact]
    public void EveryBrokenRuleHasItsOwnProblemSlug()
    {
        var slugs = Enum.GetValues<DisplayNameRule>().Select(rule => new DisplayNameResult(null, rule, "x").Slug).ToList();

        Assert.All(slugs, slug => Assert.StartsWith("name-", slug));
        Assert.Equal(slugs.Count, slugs.Distinct().Count());
    }

    private static void AssertBroken(string? raw, DisplayNameRule rule)
    {
        var result = DisplayName.Normalize(raw);

        Assert.False(result.IsValid);
        Assert.Equal(rule, result.BrokenRule);
        Assert.False(string.IsNullOrWhiteSpace(result.Message));
    }
}
