using System.Globalization;

namespace EphemChat.Hosting.Orchestration;

/// <summary>The flags of every embedded Garnet server: the AppHost's store and the test fixtures alike.</summary>
public static class GarnetArguments
{
    /// <summary>The arguments for a server on <paramref name="port"/>.</summary>
    public static string[] For(int port) =>
    [
        "--bind", "127.0.0.1",
        "--port", port.ToString(CultureInfo.InvariantCulture),
        // Without --lua EVAL fails; without --lua-transaction-mode a script is not atomic.
        "--lua", "--lua-transaction-mode",
        // Below 64m Garnet crashes; the store holds small ephemeral records.
        "--memory", "256m",
        "--index", "64m",
    ];
}
