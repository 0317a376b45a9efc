namespace EphemChat.Bench.Infrastructure;

/// <summary>Stops a number of helper processes together, known only at run time (<c>await using</c>).</summary>
public sealed class ChildProcessGroup(IEnumerable<ChildProcess> processes) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        foreach (var process in processes)
        {
            await process.DisposeAsync();
        }
    }
}
