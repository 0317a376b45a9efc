using System.Collections.Concurrent;
using EphemChat.Matchmaking.Grpc;
using Grpc.Core;

namespace EphemChat.Signaling.Tests.Infrastructure;

/// <summary>Matchmaking's CancelSearch, recorded so that a test can wait for it.</summary>
public sealed class RecordingMatchmaking : EphemChat.Matchmaking.Grpc.Matchmaking.MatchmakingBase
{
    private readonly ConcurrentQueue<CancelSearchRequest> _cancellations = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyList<CancelSearchRequest> Cancellations => [.. _cancellations];

    public override Task<CancelSearchReply> CancelSearch(CancelSearchRequest request, ServerCallContext context)
    {
        _cancellations.Enqueue(request);
        _arrived.Release();
        return Task.FromResult(new CancelSearchReply { WasSearching = true });
    }

    /// <summary>Waits until a cancellation for <paramref name="userId"/> has been recorded.</summary>
    public async Task<CancelSearchRequest> WaitForCancellationAsync(string userId, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TestTimeouts.Event);
        while (true)
        {
            if (_cancellations.FirstOrDefault(c => c.UserId == userId) is { } found)
            {
                return found;
            }
            await _arrived.WaitAsync(deadline.Token);
        }
    }
}
