using System.ComponentModel.DataAnnotations;
using EphemChat.Matchmaking.Matching;

namespace EphemChat.Matchmaking.Tests;

public sealed class MatchmakingOptionsTests
{
    [Fact]
    public void TheDefaultsAreTheIssuesRules()
    {
        var options = new MatchmakingOptions();

        Assert.Empty(Validate(options));
        Assert.Equal(TimeSpan.FromMinutes(2), options.SearchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), options.InterestRelaxAfter);
        Assert.Equal(TimeSpan.FromMinutes(10), options.RecentPairWindow);
        Assert.Equal(TimeSpan.FromDays(30), options.BlockDuration);
    }

    [Fact]
    public void InterestsMustRelaxBeforeTheSearchTimesOut()
    {
        var options = new MatchmakingOptions { SearchTimeout = TimeSpan.FromSeconds(30), InterestRelaxAfter = TimeSpan.FromSeconds(30) };

        Assert.Contains(nameof(MatchmakingOptions.InterestRelaxAfter), Assert.Single(Validate(options)).MemberNames);
        Assert.Empty(Validate(new MatchmakingOptions { SearchTimeout = TimeSpan.FromSeconds(30), InterestRelaxAfter = TimeSpan.FromSeconds(29) }));
    }

    [Fact]
    public void AClaimMustOutliveTwoPeerCallDeadlines()
    {
        var atTheLimit = new MatchmakingOptions { PeerCallDeadline = TimeSpan.FromSeconds(5), ClaimTimeout = TimeSpan.FromSeconds(10) };
        var under = new MatchmakingOptions { PeerCallDeadline = TimeSpan.FromSeconds(5), ClaimTimeout = TimeSpan.FromSeconds(9.999) };

        Assert.Empty(Validate(atTheLimit));
        Assert.Contains(nameof(MatchmakingOptions.ClaimTimeout), Assert.Single(Validate(under)).MemberNames);
    }

    [Fact]
    public void OutOfRangeValuesAreRefused()
    {
        var options = new MatchmakingOptions { PairingWindow = 1, SearchTimeout = TimeSpan.FromSeconds(9) };

        var members = Validate(options).SelectMany(r => r.MemberNames).ToList();

        Assert.Contains(nameof(MatchmakingOptions.PairingWindow), members);
        Assert.Contains(nameof(MatchmakingOptions.SearchTimeout), members);
    }

    private static List<ValidationResult> Validate(MatchmakingOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
