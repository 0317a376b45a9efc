using EphemChat.ServiceDefaults;

namespace EphemChat.Identity.Accounts;

/// <summary>Identity's own requests are validated against its store, not through a gRPC call to itself.</summary>
internal sealed class LocalSessionValidator(AccountStore accounts) : ISessionValidator
{
    public async Task<SessionValidation> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var (account, failure) = await accounts.AuthenticateAsync(token);
        return account is null
            ? SessionValidation.Failed(failure)
            : SessionValidation.Success(new SessionUser(account.Id, account.Name, account.Remember, account.ExpiresAt));
    }
}
