using System.CommandLine;
using OneStop.Engine;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop verify FILE</c>: checks the hash chain of every case in a SQLite store and names each case whose
/// record was edited, deleted from or reordered. Exit 0 when intact, 1 when any case was tampered with, 2 when the
/// file cannot be opened as a store.</summary>
internal static class VerifyCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "A OneStop SQLite store file." };
        var command = new Command("verify", "Verify the tamper-evident record (hash-chained event logs) of every case in a store file.") { file };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(parse.GetValue(file)!, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellationToken));
        return command;
    }

    internal static async Task<int> RunAsync(string path, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        await using var store = StoreFiles.Open("verify", path, error);
        if (store is null) return ExitCodes.Usage;
        var report = await RecordVerifier.VerifyAsync(store, cancellationToken).ConfigureAwait(false);
        foreach (var f in report.Findings) output.WriteLine(f.ToString());
        if (report.IsIntact)
        {
            output.WriteLine($"ok: {report.CasesChecked} case(s), {report.EventsChecked} event(s); every record is intact (记录完整，未被篡改).");
            return ExitCodes.Ok;
        }
        output.WriteLine($"TAMPERED: {report.TamperedCases.Count} of {report.CasesChecked} case(s) changed outside the engine "
            + $"({report.Findings.Count} finding(s)) — 记录被篡改.");
        return ExitCodes.Errors;
    }
}
