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
/// apart as "expired" rather than "invalid"). No raw token is ever written. Expiry is judged against the stored
/// <c>expiresAt</c> with <see cref="TimeProvider"/>; the Redis TTL only cleans up behind it.
/// </summary>
public sealed class AccountStore(IConnectionMultiplexer redis, IOptions<IdentityOptions> options, TimeProvider time, IdentityMetrics metrics)
{
    private readonly IdentityOptions _options = options.Value;

    private IDatabase Db => redis.GetDatabase();

    internal static RedisKey UserKey(string id) => $"identity:user:{id}";

    internal static RedisKey TokenKey(string tokenHash) => $"identity:token:{tokenHash}";

    /// <summary>The length of a user id: 128 random bits in base64url.</summary>
    public const int IdLength = 22;

    /// <summary>True when the text has the shape of a user id.</summary>
    public static bool IsWellFormedId(string? id) =>
        id is { Length: IdLength } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>Creates an account and returns it with its token (the only time the token exists in the clear).</summary>
    public async Task<(Account Account, string Token)> CreateAsync(string name, bool remember)
    {
        var now = Now();
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(16));
        var token = SessionToken.Create();
        var tokenHash = SessionToken.Hash(token);
        var lifetime = Lifetime(remember);
        var account = new Account(id, name, remember, now, now + lifetime, now);

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
        _ = transaction.KeyExpireAsync(UserKey(id), lifetime);
        _ = transaction.StringSetAsync(TokenKey(tokenHash), id, lifetime + _options.ExpiredTokenMemory);
        await transaction.ExecuteAsync();
        metrics.AccountCreated(remember);
        return (account, token);
    }

    /// <summary>
    /// The account behind a token, sliding its expiry when the last slide is older than the slide interval.
    /// A token that is not even shaped like one never reaches the store.
    /// </summary>
    public async Task<(Account? Account, SessionFailure Failure)> AuthenticateAsync(string? token)
    {
        if (!SessionToken.IsWellFormed(token))
        {
            metrics.AuthenticationFailed("malformed");
            return (null, SessionFailure.Invalid);
        }
        var tokenHash = SessionToken.Hash(token);
        var id = await Db.StringGetAsync(TokenKey(tokenHash));
        if (id.IsNullOrEmpty)
        {
            metrics.AuthenticationFailed("invalid");
            return (null, SessionFailure.Invalid);
        }

        var fields = await ReadAsync(id!);
        if (fields is null)
        {
            // The token is remembered but the account's key has timed out: the Redis TTL cleaned up behind expiresAt.
            metrics.AuthenticationFailed("expired");
            return (null, SessionFailure.Expired);
        }
        if (!SessionToken.HashesEqual(fields.GetValueOrDefault("tokenHash", ""), tokenHash))
        {
            metrics.AuthenticationFailed("invalid");
            return (null, SessionFailure.Invalid);
        }
        var account = Parse(id!, fields);
        if (account.ExpiresAt <= time.GetUtcNow())
        {
            // Gone for good: drop the account now rather than when its TTL fires; the token key stays to say "expired".
            await Db.KeyDeleteAsync(UserKey(account.Id));
            metrics.AuthenticationFailed("expired");
            return (null, SessionFailure.Expired);
        }
        return (await SlideAsync(account), default);
    }

    /// <summary>The account with this id while it has not expired, or null.</summary>
    public async Task<Account?> FindAsync(string id)
    {
        var fields = await ReadAsync(id);
        if (fields is null)
        {
            return null;
        }
        var account = Parse(id, fields);
        return account.ExpiresAt > time.GetUtcNow() ? account : null;
    }

    /// <summary>The live accounts among these ids, read in one pipelined round of the store; unknown ids are left out.</summary>
    public async Task<IReadOnlyList<Account>> FindManyAsync(IEnumerable<string> ids)
    {
        var reads = ids.Select(id => (Id: id, Fields: Db.HashGetAllAsync(UserKey(id)))).ToList();
        await Task.WhenAll(reads.Select(r => r.Fields));
        var now = time.GetUtcNow();
        return reads
            .Where(r => r.Fields.Result.Length > 0)
            .Select(r => Parse(r.Id, r.Fields.Result.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString())))
            .Where(account => account.ExpiresAt > now)
            .ToList();
    }

    /// <summary>Renames a live account; null when it no longer exists (a rename never recreates a deleted key).</summary>
    public async Task<Account?> RenameAsync(string id, string name)
    {
        var transaction = Db.CreateTransaction();
        // Without the condition, HSET on a key deleted a moment ago would recreate it without a TTL.
        transaction.AddCondition(Condition.KeyExists(UserKey(id)));
        _ = transaction.HashSetAsync(UserKey(id), "name", name);
        if (!await transaction.ExecuteAsync())
        {
            return null;
        }
        return await FindAsync(id);
    }

    /// <summary>Deletes the account and its token hash in one transaction; false when it was already gone.</summary>
    public async Task<bool> DeleteAsync(string id, string reason)
    {
        var tokenHash = await Db.HashGetAsync(UserKey(id), "tokenHash");
        var transaction = Db.CreateTransaction();
        var deleted = transaction.KeyDeleteAsync(UserKey(id));
        if (!tokenHash.IsNullOrEmpty)
        {
            _ = transaction.KeyDeleteAsync(TokenKey(tokenHash!));
        }
        await transaction.ExecuteAsync();
        if (await deleted)
        {
            metrics.AccountDeleted(reason);
            return true;
        }
        return false;
    }

    private async Task<Account> SlideAsync(Account account)
    {
        var now = Now();
        if (now - account.TouchedAt < _options.SlideInterval)
        {
            return account;
        }
        var lifetime = Lifetime(account.Remember);
        var slid = account with { ExpiresAt = now + lifetime, TouchedAt = now };
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.KeyExists(UserKey(account.Id)));
        // Two requests racing to slide: only the first writes.
        transaction.AddCondition(Condition.HashEqual(UserKey(account.Id), "touchedAt", account.TouchedAt.ToUnixTimeMilliseconds()));
        _ = transaction.HashSetAsync(UserKey(account.Id),
        [
            new("expiresAt", slid.ExpiresAt.ToUnixTimeMilliseconds()),
            new("touchedAt", now.ToUnixTimeMilliseconds()),
        ]);
        _ = transaction.KeyExpireAsync(UserKey(account.Id), lifetime);
        _ = transaction.KeyExpireAsync(TokenKey(account.TokenHash), lifetime + _options.ExpiredTokenMemory);
        return await transaction.ExecuteAsync() ? slid : account;
    }

    private async Task<Dictionary<string, string>?> ReadAsync(string id)
    {
        var fields = await Db.HashGetAllAsync(UserKey(id));
        return fields.Length == 0 ? null : fields.ToDictionary(f => f.Name.ToString(), f => f.Value.ToString());
    }

    /// <summary>Now, to the millisecond the store keeps, so an answer never differs from a later read of it.</summary>
    private DateTimeOffset Now() => DateTimeOffset.FromUnixTimeMilliseconds(time.GetUtcNow().ToUnixTimeMilliseconds());

    private TimeSpan Lifetime(bool remember) => remember ? _options.SavedAccountLifetime : _options.SessionAccountLifetime;

    private static Account Parse(string id, Dictionary<string, string> f) => new(
        id,
        f.GetValueOrDefault("name", ""),
        f.GetValueOrDefault("remember") == "1",
        FromUnix(f.GetValueOrDefault("createdAt")),
        FromUnix(f.GetValueOrDefault("expiresAt")),
        FromUnix(f.GetValueOrDefault("touchedAt")))
    {
        TokenHash = f.GetValueOrDefault("tokenHash", ""),
    };

    private static DateTimeOffset FromUnix(string? milliseconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse(milliseconds, CultureInfo.InvariantCulture, out var ms) ? ms : 0);
}
