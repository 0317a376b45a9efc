using Microsoft.Playwright;

namespace EphemChat.EndToEnd.Tests;

/// <summary>What a person does on the site, in the words of the UI (accessible names, not CSS).</summary>
internal static class PersonSteps
{
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

    public static async Task<string> RecoveryTokenAsync(this IPage page)
    {
        var token = page.GetByTestId("recovery-token");
        var value = await token.InputValueAsync().ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        return (value ?? await token.InnerTextAsync()).Trim();
    }
}
