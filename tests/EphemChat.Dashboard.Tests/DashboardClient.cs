using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EphemChat.Hosting.Dashboard;
using EphemChat.Hosting.Dashboard.Security;

namespace EphemChat.Dashboard.Tests;

/// <summary>An HTTP client of one dashboard, logged in the way a browser is (a fresh one-time token, then the cookie).</summary>
internal static class DashboardClient
{
    public static HttpClient Anonymous(DashboardHost dashboard, TimeSpan? timeout = null) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(dashboard.Url),
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        };

    public static async Task<HttpClient> LoggedInAsync(DashboardHost dashboard, TimeSpan? timeout = null)
    {
        var client = Anonymous(dashboard, timeout);
        client.DefaultRequestHeaders.Add(DashboardLogin.RequestHeader, "1");
        using var login = await client.GetAsync($"/login?t={dashboard.Login.CreateToken()}");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    public static Task<JsonElement> GetJsonAsync(this HttpClient client, string path) => client.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Polls until <paramref name="done"/> holds, returning the last value (which the caller asserts on).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            value = await read();
        }
        return value;
    }
}
