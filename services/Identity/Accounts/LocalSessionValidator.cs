using EphemChat.ServiceDefaults;
using StackExchange.Redis;

namespace EphemChat.Identity.Accounts;

/// <summary>Identity's own requests are validated against its store, not through a gRPC call to itself.</summary>
internal sealed partial class LocalSessionValidator(AccountStore accounts, ILogger<LocalSessionValidator> logger) : ISessionValidator
{
    public async Task<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        try
        {
            var (account, failure) = await accounts.AuthenticateAsync(token);
            return account is null
                ? SessionValidation.Failed(failure)
                : SessionValidation.Success(new SessionUser(account.Id, account.Name, account.Remember, account.ExpiresAt));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The store is down: "try again" (503), not "your session is invalid" (401) nor a bare 500.
            LogStoreUnavailable(logger, ex.GetType().Name);
            return SessionValidation.Failed(SessionFailure.Unavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not validate a session: the store is unavailable ({ErrorType})")]
    private static partial void LogStoreUnavailable(ILogger logger, string errorType);
}
