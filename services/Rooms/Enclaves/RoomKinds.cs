namespace EphemChat.Rooms.Enclaves;

/// <summary>What a room is: an enclave (matched pair or group, slides with activity) or a quick private room.</summary>
public static class RoomKinds
{
    public const string Enclave = "enclave";
    public const string Private = "private";

    public static bool IsKnown(string? kind) => kind is Enclave or Private;
}

/// <summary>How a room came to be: made by matchmaking for a pair, or created by a person.</summary>
public static class RoomOrigins
{
    public const string Match = "match";
    public const string Created = "created";
}
