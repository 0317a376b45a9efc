namespace EphemChat.Rooms.Enclaves;

/// <summary>
/// An encrypted dispatch as stored: an opaque envelope written by a browser with the room key (AES-GCM), the id of
/// the member who posted it and the server's time. Nothing identifies a session or device.
/// </summary>
public sealed record Dispatch(string Id, long Seq, string SenderId, string Ciphertext, string Iv, DateTimeOffset PostedAt);

/// <summary>A page of dispatches, oldest first; <see cref="Next"/> is the <c>after</c> to ask for the following page.</summary>
public sealed record DispatchPage(IReadOnlyList<Dispatch> Items, long Next);
