using System.Reflection;

namespace EphemChat.Hosting.Testing;

/// <summary>
/// Builds the AppHost's own model inside a test, as <c>Aspire.Hosting.Testing</c> does: the AppHost's entry point
/// runs up to <c>Build()</c>, the model is handed to the test (which may change replicas, the store, ...), and the
/// test builds and starts it. Fixed ports become dynamic and resource output is not echoed.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    private static readonly AsyncLocal<TaskCompletionSource<DistributedApplicationBuilder>?> s_pending = new();

    /// <summary>Runs the entry point of <typeparamref name="TEntryPoint"/>'s assembly and captures its model.</summary>
    public static async Task<DistributedApplicationBuilder> CreateAsync<TEntryPoint>(string[]? args = null, CancellationToken cancellationToken = default)
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var captured = new TaskCompletionSource<DistributedApplicationBuilder>(TaskCreationOptions.RunContinuationsAsynchronously);

        var thread = new Thread(() =>
        {
            s_pending.Value = captured;
            try
            {
                entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args ?? []]);
                captured.TrySetException(new InvalidOperationException("The AppHost returned without calling Build()."));
            }
            catch (TargetInvocationException ex) when (ex.InnerException is AppHostInterceptedException)
            {
            }
            catch (Exception ex)
            {
                captured.TrySetException(ex is TargetInvocationException { InnerException: { } inner } ? inner : ex);
            }
        })
        { IsBackground = true, Name = "AppHost entry point" };
        thread.Start();

        var builder = await captured.Task.WaitAsync(cancellationToken);
        builder.Options.RandomizePorts = true;
        builder.Options.EchoResourceOutput = false;
        // Other suites stay fast and quiet; a dashboard test turns it on in its configure step.
        builder.Options.Dashboard.Enabled = false;
        return builder;
    }

    internal static bool Intercept(DistributedApplicationBuilder builder)
    {
        if (s_pending.Value is not { } pending)
        {
            return false;
        }
        s_pending.Value = null;
        pending.TrySetResult(builder);
        return true;
    }
}

/// <summary>Stops the AppHost's entry point once the testing builder has its model.</summary>
public sealed class AppHostInterceptedException() : Exception("The testing builder took the model; the AppHost does not run.");
