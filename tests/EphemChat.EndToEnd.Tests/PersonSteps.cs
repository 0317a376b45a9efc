using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EphemChat.EndToEnd.Tests;

/// <summary>What a person does on the site, in the words of the UI (accessible names and labels, not CSS).</summary>
internal static partial class PersonSteps
{
    /// <summary>Types a display name, enters, and stays on the recovery-token screen.</summary>
    public static async Task EnterAsync(this IPage page, string name, bool remember = false, string path = "/")
    {
        await page.GotoAsync(path);
        await page.GetByLabel("Display name").FillAsync(name);
        if (remember)
        {
            await page.GetByLabel("Keep me on this device").CheckAsync();
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "Enter EphemChat" }).ClickAsync();
        await page.GetByTestId("recovery-token").WaitForAsync();
    }

    /// <summary>Enters and continues past the token screen to Home (or to where the path leads).</summary>
    public static async Task EnterAndContinueAsync(this IPage page, string name, bool remember = false, string path = "/")
    {
        await page.EnterAsync(name, remember, path);
        await page.GetByRole(AriaRole.Button, new() { Name = "I saved it, continue" }).ClickAsync();
    }

    public static async Task<string> RecoveryTokenAsync(this IPage page) =>
        (await page.GetByTestId("recovery-token").InnerTextAsync()).Trim();

    public static Task PressSearchAsync(this IPage page) =>
        page.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true }).ClickAsync();

    /// <summary>Waits until the room view is loaded and returns its id.</summary>
    public static async Task<string> WaitForRoomAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).WaitForAsync(new() { Timeout = 20_000 });
        return (await page.GetByTestId("room").First.GetAttributeAsync("data-room-id"))!;
    }

    /// <summary>Waits until the peer named <paramref name="name"/> is linked as <paramref name="link"/>.</summary>
    public static Task WaitForPeerLinkAsync(this IPage page, string name, string link, float timeout = 20_000) =>
        page.Locator($"[data-testid=peer][data-peer-name=\"{name}\"][data-link=\"{link}\"]").WaitForAsync(new() { Timeout = timeout });

    public static async Task SendAsync(this IPage page, string text)
    {
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
    }

    /// <summary>The message with this text, once it has arrived.</summary>
    public static async Task<ILocator> WaitForDispatchAsync(this IPage page, string text, float timeout = 15_000)
    {
        var dispatch = page.GetByTestId("dispatch").Filter(new() { HasText = text });
        await dispatch.First.WaitForAsync(new() { Timeout = timeout });
        return dispatch.First;
    }

    public static async Task<string> ShareLinkAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Share" }).ClickAsync();
        var link = page.GetByTestId("share-link");
        await link.WaitForAsync();
        await Assertions.Expect(link).ToHaveValueAsync(JoinLink());
        return await link.InputValueAsync();
    }

    public static async Task RestoreAsync(this IPage page, string token)
    {
        await page.GotoAsync("/");
        await page.GetByText("Restore with a token").ClickAsync();
        await page.GetByLabel("Recovery token").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
    }

    [GeneratedRegex(@"/join/[A-Za-z0-9_-]+#i=[A-Za-z0-9_-]+&k=[A-Za-z0-9_-]+$")]
    public static partial Regex JoinLink();
}
