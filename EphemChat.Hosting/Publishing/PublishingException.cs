namespace EphemChat.Hosting.Publishing;

/// <summary>A publish request that cannot be carried out as given: the message tells the operator what to change.</summary>
public sealed class PublishingException(string message) : Exception(message);
