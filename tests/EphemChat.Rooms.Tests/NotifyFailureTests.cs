using System.Diagnostics.Metrics;
using System.Net;

namespace EphemChat.Rooms.Tests;

[Collection(RoomsCollection.Name)]
public sealed class NotifyFailureTests(RoomsFixture fixture)
{
    [Fact]
    public async Task AFailingNotifyNeverFailsTheRequestAndIsCounted()
    {
        var ada = await fixture.CreateUserAsync("Ada");
        var bob = await fixture.CreateUserAsync("Bob");
        var room = await ada.CreateRoomAsync("private");
        long failures = 0;
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "EphemChat.Rooms" && instrument.Name == "ephemchat.rooms.notify.failures")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();

        fixture.Signaling.Fail = true;
        try
        {
            var join = await bob.JoinAsync(room.Id, room.Invite);
            var post = await bob.PostDispatchAsync(room.Id, "unheard");
            var destroy = await ada.Client.DeleteAsync($"/api/rooms/{room.Id}");

            Assert.Equal(HttpStatusCode.OK, join.StatusCode);
            Assert.Equal(HttpStatusCode.Created, post.StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, destroy.StatusCode);
        }
        finally
        {
            fixture.Signaling.Fail = false;
        }

        Assert.Equal(3, Interlocked.Read(ref failures));
        Assert.Empty(fixture.Signaling.For(room.Id));
    }
}
