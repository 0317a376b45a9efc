using System.ComponentModel.DataAnnotations;
using EphemChat.Rooms.Enclaves;

namespace EphemChat.Rooms.Tests;

/// <summary>Unit tests of pure rules: options validation and the envelope's encoding.</summary>
public sealed class RulesTests
{
    [Fact]
    public void TheDefaultOptionsAreValid() => Assert.Empty(Validate(new RoomsOptions()));

    [Theory]
    [InlineData(nameof(RoomsOptions.DefaultEnclaveCapacity), 17)]
    [InlineData(nameof(RoomsOptions.DefaultPrivateCapacity), 1)]
    [InlineData(nameof(RoomsOptions.MinCapacity), 20)]
    [InlineData(nameof(RoomsOptions.DefaultDispatchPageSize), 101)]
    [InlineData(nameof(RoomsOptions.MaxDispatchRequestBytes), 16 * 1024)]
    public void InconsistentOptionsAreRefused(string property, int value)
    {
        var options = new RoomsOptions();
        typeof(RoomsOptions).GetProperty(property)!.SetValue(options, value);

        Assert.NotEmpty(Validate(options));
    }

    [Fact]
    public void AnUnknownDefaultLifetimeOrANoticeLongerThanALifetimeIsRefused()
    {
        Assert.NotEmpty(Validate(new RoomsOptions { DefaultPrivateLifetime = "2h" }));
        Assert.NotEmpty(Validate(new RoomsOptions { ExpiringNotice = TimeSpan.FromMinutes(10) }));
    }

    [Theory]
    [InlineData("", true, 0)]
    [InlineData("QQ", true, 1)]
    [InlineData("QUI", true, 2)]
    [InlineData("QUJD", true, 3)]
    [InlineData("_-8", true, 2)]
    [InlineData("QR", false, 0)]
    [InlineData("QUJD=", false, 0)]
    [InlineData("QQ==", false, 0)]
    [InlineData("Q", false, 0)]
    [InlineData("QU JD", false, 0)]
    [InlineData("QU+D", false, 0)]
    public void OnlyCanonicalUnpaddedBase64UrlIsAccepted(string text, bool valid, int bytes)
    {
        Assert.Equal(valid, EnvelopeRules.TryDecode(text, out var length));
        Assert.Equal(bytes, length);
    }

    [Fact]
    public void RoomIdsAndInvitesAreRandomAndUrlSafe()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RoomSecrets.NewRoomId()).ToHashSet();

        Assert.Equal(1000, ids.Count);
        Assert.All(ids, id => Assert.True(RoomSecrets.IsRoomId(id)));
        Assert.Equal(RoomSecrets.InviteLength, RoomSecrets.NewInvite().Length);
        Assert.True(RoomSecrets.RoomIdBytes * 8 >= 128);
    }

    private static List<ValidationResult> Validate(RoomsOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }
}
