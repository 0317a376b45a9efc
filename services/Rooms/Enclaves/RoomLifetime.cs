namespace EphemChat.Rooms.Enclaves;

/// <summary>The fixed lifetimes a private room may be given, by their names in the public API.</summary>
public static class RoomLifetime
{
    public const string TenMinutes = "10m";
    public const string OneHour = "1h";
    public const string OneDay = "24h";

    /// <summary>Every choice, named as <c>docs/API.md</c> names them.</summary>
    public static readonly IReadOnlyDictionary<string, TimeSpan> Choices = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
    {
        [TenMinutes] = TimeSpan.FromMinutes(10),
        [OneHour] = TimeSpan.FromHours(1),
        [OneDay] = TimeSpan.FromHours(24),
    };
}
