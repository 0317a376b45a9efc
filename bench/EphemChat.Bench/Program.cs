using EphemChat.Bench.Infrastructure;
using EphemChat.Bench.Scenarios;

// Each scenario is one file in Scenarios/; the first argument picks it.
var scenarios = new Dictionary<string, Func<BenchArguments, Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["match"] = MatchScenario.RunAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/EphemChat.Bench -- <scenario> [--option value ...]");
    Console.Error.WriteLine($"scenarios: {string.Join(", ", scenarios.Keys)}");
    Console.Error.WriteLine(MatchScenario.Usage);
    return 2;
}

try
{
    return await run(BenchArguments.Parse(args[1..]));
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
