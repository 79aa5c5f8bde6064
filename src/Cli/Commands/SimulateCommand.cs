using System.CommandLine;
using OneStop.Adapters.Sqlite;
using OneStop.Cli.Simulation;
using OneStop.Definitions;
using Spectre.Console;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop simulate [--cases N] [--concurrency N] [--max-batch N] [--seed N] [--db FILE] [--keep] [--sync full|normal]
/// [--snapshot-cache N] [--no-progress] [--write-catalogue DIR]</c>: the load simulator (see docs/simulator.md).</summary>
internal static class SimulateCommand
{
    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var cases = new Option<int>("--cases") { Description = "Cases to file (default 100000).", DefaultValueFactory = _ => 100_000, HelpName = "N" };
        var concurrency = new Option<int>("--concurrency") { Description = $"Concurrent case drivers (default {SimulationOptions.DefaultConcurrency}).", DefaultValueFactory = _ => SimulationOptions.DefaultConcurrency, HelpName = "N" };
        var maxBatch = new Option<int>("--max-batch") { Description = $"Most commits the store writes in one group (default {SimulationOptions.DefaultMaxBatch}).", DefaultValueFactory = _ => SimulationOptions.DefaultMaxBatch, HelpName = "N" };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed gives the same catalogue, scripts and counts (default 1).", DefaultValueFactory = _ => 1, HelpName = "N" };
        var items = new Option<int>("--items") { Description = "Items in the generated catalogue (default 500).", DefaultValueFactory = _ => 500, HelpName = "N" };
        var departments = new Option<int>("--departments") { Description = "Departments (default 30).", DefaultValueFactory = _ => 30, HelpName = "N" };
        var days = new Option<int>("--days") { Description = "Working days over which cases are filed, from 2025-09-15 (default 60).", DefaultValueFactory = _ => 60, HelpName = "N" };
        var db = new Option<string?>("--db") { Description = "SQLite file to use (kept). Default: a temporary file, deleted afterwards.", HelpName = "FILE" };
        var keep = new Option<bool>("--keep") { Description = "Keep the temporary database file (for onestop stats / verify)." };
        var sync = new Option<string>("--sync") { Description = "SQLite synchronous mode: full (default) or normal.", DefaultValueFactory = _ => "full", HelpName = "full|normal" };
        var snapshotCache = new Option<int?>("--snapshot-cache") { Description = "Cases the engine's snapshot cache holds (default: the engine's, 10000).", HelpName = "N" };
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar (it is off anyway when output is redirected)." };
        var noVerify = new Option<bool>("--no-verify") { Description = "Skip verifying the audit chain at the end." };
        var write = new Option<string?>("--write-catalogue") { Description = "Write the generated catalogue's YAML files to DIR and stop (for check, graph, guide).", HelpName = "DIR" };
        var command = new Command("simulate", "Load simulator: generate a catalogue and drive a realistic mix of cases against SQLite on a fake clock.")
        {
            cases, concurrency, maxBatch, seed, items, departments, days, db, keep, sync, snapshotCache, noProgress, noVerify, write,
        };
        command.SetAction((parse, ct) =>
        {
            var options = new SimulationOptions
            {
                Cases = parse.GetValue(cases), Concurrency = parse.GetValue(concurrency), MaxBatch = parse.GetValue(maxBatch), Seed = parse.GetValue(seed),
                Items = parse.GetValue(items), Departments = parse.GetValue(departments), WorkingDays = parse.GetValue(days),
                DatabasePath = parse.GetValue(db), Keep = parse.GetValue(keep), Verify = !parse.GetValue(noVerify),
            };
            // Unset keeps SimulationOptions' default, the engine's own.
            if (parse.GetValue(snapshotCache) is { } cache) options.SnapshotCache = cache;
            return RunAsync(options, parse.GetValue(sync) ?? "full", parse.GetValue(noProgress), parse.GetValue(write),
                parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(SimulationOptions options, string sync, bool noProgress, string? writeCatalogue,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        switch (sync.ToLowerInvariant())
        {
            case "full": options.Synchronous = SqliteSynchronousMode.Full; break;
            case "normal": options.Synchronous = SqliteSynchronousMode.Normal; break;
            default: return Usage(error, $"--sync: '{sync}' is not full or normal");
        }
        var errors = options.Validate();
        if (errors.Count > 0) return Usage(error, string.Join(" ", errors));
        if (writeCatalogue is not null)
        {
            var generated = CatalogueGenerator.Generate(options.Items, options.Departments, options.Seed);
            generated.WriteTo(writeCatalogue);
            output.WriteLine($"wrote {generated.Items.Count} items and roles.yaml under {Path.Combine(writeCatalogue, "sim")}");
            return ExitCodes.Ok;
        }

        var simulator = new Simulator(options);
        SimulationSummary summary;
        try
        {
            // The bar only goes to a real terminal; tests and redirected output get the summary alone.
            var interactive = !noProgress && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
            summary = interactive ? await WithProgressAsync(simulator, options, cancellationToken).ConfigureAwait(false)
                : await simulator.RunAsync(null, cancellationToken).ConfigureAwait(false);
        }
        catch (DefinitionException ex)
        {
            error.WriteLine("onestop simulate: the generated catalogue did not load:");
            foreach (var d in ex.Diagnostics) error.WriteLine("  " + d);
            return ExitCodes.Errors;
        }
        summary.WriteTo(output);
        return summary.Verification is { IsIntact: false } || summary.Diagnostics > 0 ? ExitCodes.Errors : ExitCodes.Ok;
    }

    private static async Task<SimulationSummary> WithProgressAsync(Simulator simulator, SimulationOptions options, CancellationToken cancellationToken)
    {
        SimulationSummary? summary = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("simulating", maxValue: options.Cases);
                var progress = new Progress<SimulationProgress>(p =>
                {
                    task.Value = p.CasesFinished;
                    task.Description = $"{p.Day:yyyy-MM-dd} filed {p.CasesFiled:#,0} done {p.CasesFinished:#,0} cmds {p.Commands:#,0}";
                });
                summary = await simulator.RunAsync(progress, cancellationToken).ConfigureAwait(false);
                task.Value = options.Cases;
            }).ConfigureAwait(false);
        return summary!;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine("onestop simulate: " + message);
        return ExitCodes.Usage;
    }
}
