using System.Globalization;
using System.Security.Cryptography;
using EphemChat.ServiceDefaults;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace EphemChat.Identity.Accounts;

/// <summary>
/// Accounts in the store. Keys: <c>identity:user:{id}</c> (a hash, expiring with the account) and
/// <c>identity:token:{sha256}</c> (the user id; kept a while after the account ends so that an old token is told
/// apart as "expired" rather than "invalid"). No raw token is ever written.
/// </summary>
public sealed class AccountStore(IConnectionMultiplexer redis, IOptions<IdentityOptions> options, TimeProvider time)
{
    private readonly IdentityOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    internal static RedisKey UserKey(string id) => $"identity:user:{id}";

    internal static RedisKey TokenKey(string tokenHash) => $"identity:token:{tokenHash}";

    /// <summary>Creates an account and returns it with its token (the only time the token exists in the clear).</summary>
    public async Task<(Account Account, string Token)> CreateAsync(string name, bool remember)
    {
        var now = time.GetUtcNow();
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var token = SessionToken.Create();
        var tokenHash = SessionToken.Hash(token);
        var account = new Account(id, name, remember, now, now + Lifetime(remember), now);

        var transaction = Db.CreateTransaction();
        _ = transaction.HashSetAsync(UserKey(id),
        [
            new("name", name),
            new("remember", remember ? "1" : "0"),
            new("createdAt", now.ToUnixTimeMilliseconds()),
            new("expiresAt", account.ExpiresAt.ToUnixTimeMilliseconds()),
            new("touchedAt", now.ToUnixTimeMilliseconds()),
            new("tokenHash", tokenHash),
        ]);
        _ = transaction.KeyExpireAsync(UserKey(id), Lifetime(remember));
        _ = transaction.StringSetAsync(TokenKey(tokenHash), id, Lifetime(remember) + _options.ExpiredTokenMemory);
        await transaction.ExecuteAsync();
        return (account, token);
    }

    /// <summary>The account behind a token, sliding its expiry when the last slide is older than the slide interval.</summary>
    public async Task<(Account? Account, SessionFailure Failure)> AuthenticateAsync(string token)
    {
        if (!SessionToken.IsWellFormed(token))
        {
            return (null, SessionFailure.Invalid);
        }
        var tokenHash = SessionToken.Hash(token);
        var id = await Db.StringGetAsync(TokenKey(tokenHash));
        if (id.IsNullOrEmpty)
        {
            return (null, SessionFailure.Invalid);
        }

        var account = await FindAsync(id!);
        var stored = await Db.HashGetAsync(UserKey(id!), "tokenHash");
        if (account is null || account.ExpiresAt <= time.GetUtcNow())
        {
            return (null, SessionFailure.Expired);
        }
        if (stored.IsNullOrEmpty || !SessionToken.HashesEqual(stored!, tokenHash))
        {
            return (null, SessionFailure.Invalid);
        }
        return (await SlideAsync(account, tokenHash), default);
    }

    /// <summary>The account with this id, or null.</summary>
    public async Task<Account?> FindAsync(string id)
    {
        var fields = await Db.HashGetAllAsync(UserKey(id));
        return fields.Length == 0 ? null : Parse(id, fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString()));
    }

    private async Task<Account> SlideAsync(Account account, string tokenHash)
    {
        var now = time.GetUtcNow();
        if (now - account.TouchedAt < _options.SlideInterval)
        {
            return account;
        }
        var lifetime = Lifetime(account.Remember);
        var slid = account with { ExpiresAt = now + lifetime, TouchedAt = now };
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(UserKey(account.Id)));
        _ = transaction.HashSetAsync(UserKey(account.Id),
        [
            new("expiresAt", slid.ExpiresAt.ToUnixTimeMilliseconds()),
            new("touchedAt", now.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(UserKey(account.Id), lifetime);
        _ = transaction.KeyExpireAsync(TokenKey(tokenHash), lifetime + _options.ExpiredTokenMemory);
        return await transaction.ExecuteAsync() ? slid : account;
    }

    private TimeSpan Lifetime(bool remember) => remember ? _options.SavedAccountLifetime : _options.SessionAccountLifetime;

    private static Account Parse(string id, Dictionary<string, string> f) => new(
        id,
        f.GetValueOrDefault("name", ""),
        f.GetValueOrDefault("remember") == "1",
        FromUnix(f.GetValueOrDefault("createdAt")),
        FromUnix(f.GetValueOrDefault("expiresAt")),
        FromUnix(f.GetValueOrDefault("touchedAt")));

    private static DateTimeOffset FromUnix(string? milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(milliseconds, CultureInfo.InvariantCulture, out var ms) ? ms : 0);
}
