using System.ComponentModel.DataAnnotations;
using System.Net;
using EphemChat.Identity.Accounts;
using EphemChat.Identity.Api;

namespace EphemChat.Identity.Tests.Unit;

public sealed class IdentityOptionsTests
{
    [Fact]
    public void TheDefaultsMatchTheIssue()
    {
        var options = new IdentityOptions();

        Assert.Equal(TimeSpan.FromDays(30), options.SavedAccountLifetime);
        Assert.Equal(TimeSpan.FromHours(24), options.SessionAccountLifetime);
        Assert.Equal(TimeSpan.FromHours(1), options.SlideInterval);
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void ASlideIntervalAsLongAsALifetimeIsRefused()
    {
        var options = new IdentityOptions { SessionAccountLifetime = TimeSpan.FromHours(1), SlideInterval = TimeSpan.FromHours(1) };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(IdentityOptions.SlideInterval)));
    }

    [Fact]
    public void ARateLimitOfZeroIsRefused()
    {
        var options = new IdentityOptions { Restore = new RateLimit { PermitLimit = 0, Window = TimeSpan.FromMinutes(1) } };

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(nameof(IdentityOptions.Restore)));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void ClientsArePartitionedByIPv4AddressOrIPv6Slash64(string address, string partition) =>
        Assert.Equal(partition, RateLimits.ClientPartition(IPAddress.Parse(address)));

    private static List<ValidationResult> Validate(IdentityOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
