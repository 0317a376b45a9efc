using System.Security.Cryptography;
using System.Text;
using EphemChat.Identity.Accounts;
using Microsoft.AspNetCore.WebUtilities;

namespace EphemChat.Identity.Tests.Unit;

public sealed class SessionTokenTests
{
    [Fact]
    public void ATokenIs256RandomBitsInBase64UrlWithoutPadding()
    {
        var token = SessionToken.Create();

        Assert.Equal(SessionToken.EncodedLength, token.Length);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", token);
        Assert.Equal(32, WebEncoders.Base64UrlDecode(token).Length);
    }

    [Fact]
    public void TokensDoNotRepeat()
    {
        var tokens = Enumerable.Range(0, 1000).Select(_ => SessionToken.Create()).ToHashSet();

        Assert.Equal(1000, tokens.Count);
    }

    [Fact]
    public void TheStoredFormIsTheLowercaseHexSha256OfTheToken()
    {
        var token = SessionToken.Create();

        var hash = SessionToken.Hash(token);

        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))), hash);
        Assert.DoesNotContain(token, hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]   // 42
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // 44
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]  // padding
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+")]  // base64, not base64url
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\u00E9")]
    public void MalformedTokensAreRecognisedWithoutTheStore(string? token) => Assert.False(SessionToken.IsWellFormed(token));

    [Fact]
    public void HashesCompareEqualOnlyWhenIdentical()
    {
        var hash = SessionToken.Hash(SessionToken.Create());

        Assert.True(SessionToken.HashesEqual(hash, new string(hash)));
        Assert.False(SessionToken.HashesEqual(hash, SessionToken.Hash(SessionToken.Create())));
        Assert.False(SessionToken.HashesEqual(hash, hash[..^1]));
    }
}
