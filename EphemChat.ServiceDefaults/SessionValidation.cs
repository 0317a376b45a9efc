using System.Security.Cryptography;
using System.Text;
using EphemChat.Identity.Grpc;
using Grpc.Core;
using Microsoft.Extensions.Caching.Memory;

namespace EphemChat.ServiceDefaults;

/// <summary>The user behind a valid session token.</summary>
public sealed record SessionUser(string Id, string Name, bool Remember, DateTimeOffset ExpiresAt);

/// <summary>Why a token did not authenticate; the UI tells these apart.</summary>
public enum SessionFailure
{
    /// <summary>No token was sent.</summary>
    Missing,

    /// <summary>The token is unknown (never issued, signed out or deleted).</summary>
    Invalid,

    /// <summary>The account behind the token timed out.</summary>
    Expired,

    /// <summary>Identity could not be asked.</summary>
    Unavailable,
}

/// <summary>The outcome of validating a session token.</summary>
public readonly record struct SessionValidation(SessionUser? User, SessionFailure Failure)
{
    /// <summary>A valid session.</summary>
    public static SessionValidation Success(SessionUser user) => new(user, default);

    /// <summary>A refused session.</summary>
    public static SessionValidation Failed(SessionFailure failure) => new(null, failure);
}

/// <summary>Turns a session token into a user.</summary>
public interface ISessionValidator
{
    /// <summary>Validates a raw token; never logs or stores it.</summary>
    Task<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken);
}

/// <summary>
/// Asks identity over gRPC. Positive answers are reused for at most <see cref="CacheDuration"/> (judged with the
/// injected <see cref="TimeProvider"/>, and never past the account's expiry) so a burst of requests is one call;
/// negative answers are never cached, so a restored or new session works at once. The cache key is the SHA-256 of
/// the token, so the raw token is not kept in memory longer than the request.
/// </summary>
public sealed class GrpcSessionValidator(Identity.Grpc.Identity.IdentityClient identity, IMemoryCache cache, TimeProvider time)
    : ISessionValidator
{
    /// <summary>How long a positive answer is reused.</summary>
    public static readonly TimeSpan CacheDuration = TimeSpan.FromSeconds(30);

    /// <inheritdoc />
    public async Task<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var key = "session:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
        var now = time.GetUtcNow();
        // The age is judged with TimeProvider, not the cache's own clock, so that it is testable and exact;
        // the cache's expiration only frees the memory.
        if (cache.TryGetValue(key, out CachedSession? cached) && cached is not null
            && now - cached.CachedAt < CacheDuration && cached.User.ExpiresAt > now)
        {
            return SessionValidation.Success(cached.User);
        }

        try
        {
            var reply = await identity.AuthenticateAsync(new AuthenticateRequest { Token = token }, cancellationToken: cancellationToken);
            var user = new SessionUser(reply.User.Id, reply.User.Name, reply.Remember, reply.ExpiresAt.ToDateTimeOffset());
            cache.Set(key, new CachedSession(user, now), CacheDuration);
            return SessionValidation.Success(user);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Unauthenticated)
        {
            var reason = ex.Trailers.GetValue("reason");
            return SessionValidation.Failed(reason == "expired" ? SessionFailure.Expired : SessionFailure.Invalid);
        }
        catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled && cancellationToken.IsCancellationRequested)
        {
            // The client went away: not identity's failure, and not a 500 to log.
            throw new OperationCanceledException("The request was aborted.", ex, cancellationToken);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal
            or StatusCode.Unknown or StatusCode.ResourceExhausted or StatusCode.Cancelled)
        {
            return SessionValidation.Failed(SessionFailure.Unavailable);
        }
    }

    private sealed record CachedSession(SessionUser User, DateTimeOffset CachedAt);
}
