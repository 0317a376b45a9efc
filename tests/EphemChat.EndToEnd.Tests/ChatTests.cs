using System.Diagnostics;
using System.Net;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EphemChat.EndToEnd.Tests;

/// <summary>The product as people use it: real Chromium pages, the whole system behind the gateway.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ChatTests(BrowserSystemFixture system, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => system.SendEveryoneHomeAsync();

    [Fact]
    public async Task TwoStrangersSearchAreMatchedAndChatBothWaysOverTheDataChannel()
    {
        var ada = await system.NewPersonAsync();
        var bob = await system.NewPersonAsync();
        await ada.EnterAndContinueAsync("Ada");
        await bob.EnterAndContinueAsync("Bob");

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(ada.PressSearchAsync(), bob.PressSearchAsync());
        var roomOfAda = await ada.WaitForRoomAsync();
        var roomOfBob = await bob.WaitForRoomAsync();
        await ada.WaitForPeerLinkAsync("Bob", "direct");
        await ada.SendAsync("hello from Ada");
        var atBob = await bob.WaitForDispatchAsync("hello from Ada");
        var searchToFirstMessage = clock.Elapsed;
        await bob.WaitForPeerLinkAsync("Ada", "direct");
        await bob.SendAsync("hi Ada, Bob here");
        var atAda = await ada.WaitForDispatchAsync("hi Ada, Bob here");

        Assert.Equal(roomOfAda, roomOfBob);
        // Both arrived over the WebRTC data channel, not through the server's encrypted history.
        Assert.Equal("channel", await atBob.GetAttributeAsync("data-via"));
        Assert.Equal("channel", await atAda.GetAttributeAsync("data-via"));
        await Expect((await ada.WaitForDispatchAsync("hello from Ada")).GetByText("You")).ToBeVisibleAsync();
        await Expect(atAda.GetByText("You")).Not.ToBeVisibleAsync();
        Timings.Record(output, "search → first message (two people, loopback)", searchToFirstMessage);
        await BrowserSystemFixture.ScreenshotAsync(ada, "chat-matched-ada");
    }

    [Fact]
    public async Task TheShareLinkBringsAThirdPersonInAndAllThreeSeeEachOther()
    {
        var ada = await system.NewPersonAsync();
        var bob = await system.NewPersonAsync();
        var cyd = await system.NewPersonAsync();
        await ada.EnterAndContinueAsync("Ada3");
        await bob.EnterAndContinueAsync("Bob3");
        await Task.WhenAll(ada.PressSearchAsync(), bob.PressSearchAsync());
        var room = await ada.WaitForRoomAsync();
        await bob.WaitForRoomAsync();
        await ada.WaitForPeerLinkAsync("Bob3", "direct");

        var link = await ada.ShareLinkAsync();
        await cyd.EnterAndContinueAsync("Cyd3", path: new Uri(link).PathAndQuery + new Uri(link).Fragment);
        Assert.Equal(room, await cyd.WaitForRoomAsync());
        await cyd.WaitForPeerLinkAsync("Ada3", "direct");
        await cyd.WaitForPeerLinkAsync("Bob3", "direct");
        await ada.SendAsync("from Ada to all");
        await bob.SendAsync("from Bob to all");
        await cyd.SendAsync("from Cyd to all");

        foreach (var (page, others) in new[] { (ada, new[] { "from Bob to all", "from Cyd to all" }), (bob, ["from Ada to all", "from Cyd to all"]), (cyd, ["from Ada to all", "from Bob to all"]) })
        {
            foreach (var text in others)
            {
                Assert.Equal("channel", await (await page.WaitForDispatchAsync(text)).GetAttributeAsync("data-via"));
            }
        }
        Assert.DoesNotContain("k=", cyd.Url, StringComparison.Ordinal);
        await BrowserSystemFixture.ScreenshotAsync(cyd, "chat-group-of-three");
    }

    [Fact]
    public async Task APrivateRoomShowsItsCountdownAndDestroyNowSendsEveryoneHome()
    {
        var ada = await system.NewPersonAsync();
        var bob = await system.NewPersonAsync();
        await ada.EnterAndContinueAsync("Ada4");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Create private room" }).ClickAsync();
        var room = await ada.WaitForRoomAsync();
        var link = await ada.ShareLinkAsync();
        await bob.EnterAndContinueAsync("Bob4", path: new Uri(link).PathAndQuery + new Uri(link).Fragment);
        Assert.Equal(room, await bob.WaitForRoomAsync());

        await Expect(ada.GetByTestId("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*(9|10):\d\d\s*$"));
        await Expect(bob.GetByTestId("countdown")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*(9|10):\d\d\s*$"));
        await BrowserSystemFixture.ScreenshotAsync(bob, "private-room-countdown");
        await ada.GetByRole(AriaRole.Button, new() { Name = "Destroy now" }).ClickAsync();
        await ada.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();

        await Expect(ada.GetByTestId("notice")).ToContainTextAsync("destroyed");
        await Expect(bob.GetByTestId("notice")).ToContainTextAsync("destroyed");
        await Expect(bob.GetByRole(AriaRole.Button, new() { Name = "Search", Exact = true })).ToBeVisibleAsync();
        var gone = await ada.APIRequest.GetAsync($"/api/rooms/{room}");
        Assert.Equal((int)HttpStatusCode.NotFound, gone.Status);
        await BrowserSystemFixture.ScreenshotAsync(bob, "private-room-destroyed-notice");
    }

    [Fact]
    public async Task ASavedAccountRestoredInAFreshBrowserSeesItsEnclavesAndReadsEarlierMessages()
    {
        var ada = await system.NewPersonAsync();
        var bob = await system.NewPersonAsync();
        await ada.EnterAsync("Ada5", remember: true);
        var token = await ada.RecoveryTokenAsync();
        await ada.GetByRole(AriaRole.Button, new() { Name = "I saved it, continue" }).ClickAsync();
        await bob.EnterAndContinueAsync("Bob5");
        await Task.WhenAll(ada.PressSearchAsync(), bob.PressSearchAsync());
        var room = await ada.WaitForRoomAsync();
        await bob.WaitForRoomAsync();
        await ada.WaitForPeerLinkAsync("Bob5", "direct");
        await ada.SendAsync("remember this");
        await bob.WaitForDispatchAsync("remember this");
        await bob.SendAsync("and this from Bob");
        await ada.WaitForDispatchAsync("and this from Bob");

        // Another device: a brand-new browser context with nothing but the token.
        var adaElsewhere = await system.NewPersonAsync();
        await adaElsewhere.RestoreAsync(token);
        var listed = adaElsewhere.Locator($"[data-testid=my-room][data-room-id=\"{room}\"]");
        await listed.WaitForAsync();
        await listed.GetByRole(AriaRole.Link).First.ClickAsync();
        Assert.Equal(room, await adaElsewhere.WaitForRoomAsync());
        // The room key reaches the new device over a data channel from a member; history then decrypts.
        var fromBob = await adaElsewhere.WaitForDispatchAsync("and this from Bob", timeout: 25_000);
        var own = await adaElsewhere.WaitForDispatchAsync("remember this");

        Assert.Equal("history", await fromBob.GetAttributeAsync("data-via"));
        // "You" comes from the server's sender id, so it follows the account to the new device.
        await Expect(own.GetByText("You")).ToBeVisibleAsync();
        await Expect(fromBob.GetByText("You")).Not.ToBeVisibleAsync();
        await BrowserSystemFixture.ScreenshotAsync(adaElsewhere, "restored-account-history");
    }

    [Fact]
    public async Task TwoPeersForcedToRelayOnlyStillChatThroughTurn()
    {
        Assert.True(system.App.Resources.Any(r => r.Name == "turn"), "coturn (turnserver) must be installed: eng/install-prerequisites.sh installs it.");
        var ada = await system.NewPersonAsync(relayOnly: true);
        var bob = await system.NewPersonAsync(relayOnly: true);
        await ada.EnterAndContinueAsync("Ada6");
        await bob.EnterAndContinueAsync("Bob6");
        await Task.WhenAll(ada.PressSearchAsync(), bob.PressSearchAsync());
        await ada.WaitForRoomAsync();
        await bob.WaitForRoomAsync();

        await ada.WaitForPeerLinkAsync("Bob6", "relay", timeout: 30_000);
        await ada.SendAsync("through the relay");
        var arrived = await bob.WaitForDispatchAsync("through the relay");

        Assert.Equal("channel", await arrived.GetAttributeAsync("data-via"));
        await BrowserSystemFixture.ScreenshotAsync(ada, "relay-only-chat");
    }
}
