using EphemChat.Matchmaking.Matching;

namespace EphemChat.Matchmaking.Tests;

public sealed class InterestsTests
{
    [Fact]
    public void TagsAreTrimmedLowercasedComposedAndDeduplicatedInOrder()
    {
        var (tags, error) = Interests.Normalize(["  Board   Games ", "JAZZ", "jazz", "Cafe\u0301", "café"]);

        Assert.Null(error);
        Assert.Equal(["board games", "jazz", "café"], tags);
    }

    [Fact]
    public void NoInterestsAtAllIsAnEmptyList()
    {
        Assert.Equal([], Interests.Normalize(null).Tags);
        Assert.Equal([], Interests.Normalize([]).Tags);
    }

    [Fact]
    public void FiveTagsAreTheLimitAndSixAreRefused()
    {
        Assert.Equal(5, Interests.Normalize(["a", "b", "c", "d", "e"]).Tags!.Count);
        Assert.Equal("At most 5 interests are allowed (6 given).", Interests.Normalize(["a", "b", "c", "d", "e", "f"]).Error);
    }

    [Fact]
    public void TwentyFourCharactersAreTheLimitCountedAsTheUserSeesThem()
    {
        Assert.NotNull(Interests.Normalize([new string('a', 24)]).Tags);
        Assert.NotNull(Interests.Normalize([string.Concat(Enumerable.Repeat("e\u0301", 24))]).Tags);
        Assert.Equal("Interest 1: an interest must be at most 24 characters.", Interests.Normalize([new string('a', 25)]).Error);
    }

    [Theory]
    [InlineData("c++")]
    [InlineData("c#")]
    [InlineData("rock & roll")]
    [InlineData("o'neill")]
    [InlineData("hindi-हिन्दी")]
    [InlineData("日本語")]
    public void LettersOfAnyScriptAndCommonPunctuationAreAllowed(string tag) =>
        Assert.Equal([tag], Interests.Normalize([tag]).Tags);

    [Theory]
    [InlineData("a,b")]
    [InlineData("a|b")]
    [InlineData("tab\there")]
    [InlineData("zero\u200Bwidth")]
    [InlineData("<script>")]
    public void SeparatorsControlAndFormatCharactersAreRefused(string tag) =>
        Assert.StartsWith("Interest 1:", Interests.Normalize([tag]).Error);

    [Fact]
    public void EncodingRoundTrips()
    {
        string[] tags = ["board games", "c++", "jazz"];

        Assert.Equal(tags, Interests.Decode(Interests.Encode(tags)));
        Assert.Equal([], Interests.Decode(""));
    }
}
