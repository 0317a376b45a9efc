namespace EphemChat.Rooms.Enclaves;

/// <summary>The rules of a new room's kind, lifetime and capacity, shared by the public API and gRPC.</summary>
public static class RoomRequestRules
{
    /// <summary>The problems of a creation request by JSON field name; empty when it is valid.</summary>
    public static Dictionary<string, string[]> Validate(string? kind, string? lifetime, int? capacity, RoomsOptions options)
    {
        var errors = new Dictionary<string, string[]>();
        if (!RoomKinds.IsKnown(kind))
        {
            errors["kind"] = [$"The kind must be \"{RoomKinds.Enclave}\" or \"{RoomKinds.Private}\"."];
        }
        if (lifetime is not null)
        {
            if (!RoomLifetime.Choices.ContainsKey(lifetime))
            {
                errors["lifetime"] = [$"The lifetime must be one of {string.Join(", ", RoomLifetime.Choices.Keys.Select(k => $"\"{k}\""))}."];
            }
            else if (kind == RoomKinds.Enclave)
            {
                errors["lifetime"] = ["An enclave lives as long as it is used; only a private room takes a lifetime."];
            }
        }
        if (capacity is { } c && (c < options.MinCapacity || c > options.MaxCapacity))
        {
            errors["capacity"] = [$"The capacity must be between {options.MinCapacity} and {options.MaxCapacity}."];
        }
        return errors;
    }

    /// <summary>The capacity of a valid request, defaulting by kind.</summary>
    public static int CapacityFor(string kind, int? capacity, RoomsOptions options) =>
        capacity ?? (kind == RoomKinds.Private ? options.DefaultPrivateCapacity : options.DefaultEnclaveCapacity);

    /// <summary>How long a room of a valid request lives, and whether activity slides it.</summary>
    public static (TimeSpan Lifetime, bool Slides) LifetimeFor(string kind, string? lifetime, RoomsOptions options) =>
        kind == RoomKinds.Private
            ? (RoomLifetime.Choices[lifetime ?? options.DefaultPrivateLifetime], false)
            : (options.EnclaveIdleLifetime, true);
}
