using System.Globalization;

namespace EphemChat.Hosting.Orchestration;

/// <summary>The flags of every embedded Garnet server: the AppHost's store and the test fixtures alike.</summary>
public static class GarnetArguments
{
    /// <summary>
    /// The arguments for a server on <paramref name="port"/>. Its checkpoint directory is
    /// <paramref name="dataDirectory"/>, by default a new directory under the system temporary directory.
    /// </summary>
    public static string[] For(int port, string? dataDirectory = null)
    {
        // Garnet's checkpoint directory defaults to the CURRENT directory, and a server disposed with cleanupDir
        // deletes it recursively: without this, stopping a store deleted the test's bin folder (or the AppHost's
        // working directory).
        var data = dataDirectory ?? Path.Combine(Path.GetTempPath(), "ephemchat-garnet",
            $"{port.ToString(CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}");
        return
        [
            "--bind", "127.0.0.1",
            "--port", port.ToString(CultureInfo.InvariantCulture),
            // Without --lua EVAL fails; without --lua-transaction-mode a script is not atomic.
            "--lua", "--lua-transaction-mode",
            // Below 64m Garnet crashes; the store holds small ephemeral records.
            "--memory", "256m",
            "--index", "64m",
            "--checkpointdir", data,
        ];
    }
}
