namespace EphemChat.Signaling.Hubs;

/// <summary>
/// A token bucket: up to <c>burst</c> calls at once, refilled at <c>perSecond</c>. Not thread-safe on its own; the
/// connection that owns it serialises access.
/// </summary>
public sealed class TokenBucket(int burst, double perSecond, DateTimeOffset now)
{
    private double _tokens = burst;
    private DateTimeOffset _updatedAt = now;

    /// <summary>Takes one token if there is one.</summary>
    public bool TryTake(DateTimeOffset now)
    {
        var elapsed = (now - _updatedAt).TotalSeconds;
        if (elapsed > 0)
        {
            _tokens = Math.Min(burst, _tokens + elapsed * perSecond);
            _updatedAt = now;
        }
        if (_tokens < 1)
        {
            return false;
        }
        _tokens -= 1;
        return true;
    }
}
