namespace EphemChat.Signaling.Hubs;

/// <summary>
/// The texts of the hub's errors. They reach the browser as <c>HubException</c> messages and the UI shows them as
/// they are, so they say what happened and what to do, and never contain anything internal.
/// </summary>
public static class HubErrors
{
    public const string InvalidRoomId = "This room link is not valid.";
    public const string InvalidPeerId = "This peer id is not valid.";
    public const string InvalidSignalId = "A signal needs an id of 1 to {0} letters, digits, '-' or '_'.";
    public const string UnknownSignalKind = "Unknown signal kind: use offer, answer, candidate or restart.";
    public const string PayloadTooLarge = "This signal is too large (at most {0} characters).";
    public const string NotMember = "You are not a member of this enclave.";
    public const string TooManyRooms = "You are in too many enclaves at once in this tab (at most {0}). Leave one first.";
    public const string NotInRoom = "Enter the enclave before sending anything to it.";
    public const string PeerGone = "That person is no longer connected to this enclave.";
    public const string TooFast = "You are sending too fast. Wait a moment and try again.";
    public const string RoomsUnavailable = "Enclaves are briefly unavailable. Try again in a moment.";
    public const string PresenceUnavailable = "Signaling is briefly unavailable. Try again in a moment.";
}
