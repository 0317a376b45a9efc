using System.Text.Json;
using System.Text.Json.Serialization;
using EphemChat.Bench.Infrastructure;

namespace EphemChat.Bench.Reporting;

/// <summary>The <c>--json FILE</c> output: the machine, the command, and every scenario's figures, targets and processes.</summary>
public static class JsonOutput
{
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static async Task WriteAsync(string path, Machine machine, string command, DateTimeOffset startedAt, IReadOnlyList<Report> reports)
    {
        var document = new
        {
            machine,
            command,
            startedAt,
            scenarios = reports.Select(r => new
            {
                scenario = r.Scenario,
                completed = r.Completed,
                parameters = r.Parameters,
                results = r.Results,
                targets = r.Targets,
                processes = r.Usage.Select(u => new { phase = u.Phase, usage = u.Usage }),
            }),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, s_options));
        Report.Progress($"wrote {path}");
    }
}
