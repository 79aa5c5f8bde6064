using System.Diagnostics;
using System.Reflection;

namespace OneStop.Adapters.Sqlite.Tests.Durability;

/// <summary>Runs the crash host (tests/OneStop.CrashHost) as a child process and collects its acknowledgements.</summary>
internal static class CrashHostProcess
{
    public static string HostPath =>
        typeof(CrashHostProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "CrashHost").Value!;

    /// <summary>An acknowledged command: the host printed it after the command's commit returned.</summary>
    public sealed record Ack(string Key, string CaseNumber, long Version);

    public sealed record Outcome(IReadOnlyList<Ack> Acks, IReadOnlyList<string> Lines, bool Killed, int ExitCode, string Errors);

    /// <summary>Starts the host; kills its whole process tree once it has acknowledged <paramref name="killAfterAcks"/>
    /// commands (null: let it finish). Fails after <paramref name="timeout"/>.</summary>
    public static async Task<Outcome> RunAsync(IReadOnlyList<string> arguments, int? killAfterAcks, TimeSpan timeout)
    {
        if (!File.Exists(HostPath)) throw new FileNotFoundException("The crash host was not built (it is a project reference of this test project).", HostPath);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(HostPath);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = new Process { StartInfo = start };
        var lines = new List<string>();
        var acks = new List<Ack>();
        var errors = new System.Text.StringBuilder();
        var killed = false;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (lines)
            {
                lines.Add(e.Data);
                var parts = e.Data.Split(' ');
                if (parts is ["ACK", var key, var number, var version]) acks.Add(new Ack(key, number, long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)));
                if (killAfterAcks is { } n && acks.Count >= n && !killed)
                {
                    killed = true;
                    process.Kill(entireProcessTree: true);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (errors) errors.AppendLine(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The crash host did not finish within {timeout}; output so far: {lines.Count} lines; errors: {errors}");
        }
        lock (lines) return new Outcome([.. acks], [.. lines], killed, process.ExitCode, errors.ToString());
    }
}
