using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Reporting;
using EphemChat.Bench.Scenarios;

namespace EphemChat.Bench;

/// <summary>
/// The entry point (not top-level statements: the AppHost, referenced for its model, owns the global <c>Program</c>).
/// The first argument picks a scenario, one file each in Scenarios/; <c>all</c> runs every system scenario in turn.
/// </summary>
public static class BenchMain
{
    private const string Command = "dotnet run -c Release --project bench/EphemChat.Bench --";

    // Every hub connection through the gateway holds two sockets there; the limit is inherited by every process.
    private const ulong OpenFilesWanted = 262_144;

    private static readonly Scenario[] s_scenarios =
    [
        new("match", MatchScenario.Usage, MatchScenario.RunAsync),
        new("relay", RelayScenario.Usage, RelayScenario.RunAsync),
        new("connections", ConnectionsScenario.Usage, ConnectionsScenario.RunAsync),
        new("gateway", GatewayScenario.Usage, GatewayScenario.RunAsync),
        new("match-engine", MatchEngineScenario.Usage, MatchEngineScenario.RunAsync),
    ];

    // `all`: the issue's four scenarios at their default sizes, each on a freshly started system.
    private static readonly string[] s_all = ["gateway", "match", "relay", "connections"];

    public static async Task<int> Main(string[] args)
    {
        // Helper servers run as child processes of a scenario.
        if (args.Length > 0 && args[0] == HelperServers.StoreMode)
        {
            return await HelperServers.ServeStoreAsync(BenchArguments.Parse(args[1..]));
        }
        if (args.Length > 0 && args[0] == HelperServers.EchoMode)
        {
            return await HelperServers.ServeEchoAsync(BenchArguments.Parse(args[1..]));
        }
        if (args.Length > 0 && args[0] == BareHub.Mode)
        {
            return await BareHub.ServeAsync(BenchArguments.Parse(args[1..]));
        }

        var chosen = args.Length == 0 ? null
            : args[0] == "all" ? s_scenarios.Where(s => s_all.Contains(s.Name)).ToArray()
            : s_scenarios.Where(s => string.Equals(s.Name, args[0], StringComparison.OrdinalIgnoreCase)).ToArray();
        if (chosen is null || chosen.Length == 0)
        {
            PrintUsage();
            return 2;
        }

        var machine = Machine.Describe(FileLimits.Raise(OpenFilesWanted));
        var startedAt = DateTimeOffset.Now;
        Report.Progress($"machine: {machine}; open files {machine.OpenFileLimit}");
        try
        {
            var arguments = BenchArguments.Parse(args[1..]);
            var json = arguments.String("json");
            var reports = new List<Report>();
            if (chosen.Length == 1)
            {
                reports.Add(await chosen[0].Run(arguments));
            }
            else
            {
                // `all` takes only --json and --redis; every scenario runs with its defaults.
                var redis = arguments.String("redis");
                arguments.RejectUnknown();
                foreach (var scenario in chosen)
                {
                    Report.Progress($"=== {scenario.Name} ===");
                    var report = await scenario.Run(BenchArguments.Parse(redis is null ? [] : ["--redis", redis]));
                    report.Print();
                    reports.Add(report);
                }
            }

            foreach (var report in reports.Count == 1 ? reports : [])
            {
                report.Print();
            }
            if (reports.Count > 1)
            {
                PrintSummary(reports);
            }
            if (json is not null)
            {
                await JsonOutput.WriteAsync(json, machine, $"{Command} {string.Join(' ', args)}", startedAt, reports);
            }
            return reports.All(r => r.Completed) ? 0 : 1;
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            PrintUsage();
            return 2;
        }
    }

    private static void PrintSummary(IReadOnlyList<Report> reports)
    {
        Console.WriteLine();
        Console.WriteLine("== summary: every target ==");
        foreach (var report in reports)
        {
            foreach (var target in report.Targets)
            {
                Console.WriteLine($"  {report.Scenario,-12} [{(target.Met ? "met" : "MISSED")}] {target.Name}: target {target.Target}, measured {target.Measured}");
            }
        }
    }

    private static void PrintUsage()
    {
        Console.Error.WriteLine($"usage: {Command} <scenario> [--option value ...] [--json FILE]");
        Console.Error.WriteLine($"scenarios: {string.Join(", ", s_scenarios.Select(s => s.Name))}, all ({string.Join(", ", s_all)} at their defaults)");
        foreach (var scenario in s_scenarios)
        {
            Console.Error.WriteLine(scenario.Usage);
        }
    }

    private sealed record Scenario(string Name, string Usage, Func<BenchArguments, Task<Report>> Run);
}
