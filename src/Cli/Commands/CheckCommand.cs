using System.CommandLine;
using OneStop.Definitions;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop check PATH…</c>: validates item files and directories; prints every diagnostic as
/// <c>file:line:col: error CODE: message</c>; exit 0 when clean, 1 on any error.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("path") { Description = "Item files (*.yaml) or catalogue directories", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Validate item definitions and print every error as file:line:col: message") { paths };
        command.SetAction(parse => Run(parse.GetValue(paths) ?? [], parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    internal static int Run(string[] paths, TextWriter stdout, TextWriter stderr)
    {
        var missing = paths.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
        foreach (var p in missing) stderr.WriteLine($"{p}: error: no such file or directory");
        if (missing.Count > 0) return ExitCodes.Errors;

        var result = CatalogueLoader.LoadPaths(paths);
        foreach (var d in result.Diagnostics) stdout.WriteLine(d.ToString());
        var errors = result.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        if (result.Value is { } catalogue)
        {
            stdout.WriteLine($"ok: {catalogue.Items.Length} item version(s), no errors");
            return ExitCodes.Ok;
        }
        stdout.WriteLine($"{errors} error(s); nothing loaded");
        return ExitCodes.Errors;
    }
}
