namespace EphemChat.Testing;

/// <summary>
/// Settings for hosting the real identity service in another service's tests. Identity limits account creation and
/// restores per client IP (10 and 5 a minute); every test user comes from 127.0.0.1, so suites raise the limits.
/// Identity's own tests keep the defaults and test them at their edges.
/// </summary>
public static class IdentitySettings
{
    public static Dictionary<string, string?> For(string storeConnectionString) => new()
    {
        ["ConnectionStrings:redis"] = storeConnectionString,
        ["Identity:AccountCreation:PermitLimit"] = "100000",
        ["Identity:Restore:PermitLimit"] = "100000",
    };
}
