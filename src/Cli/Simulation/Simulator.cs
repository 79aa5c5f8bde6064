using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>A service-centre day, many times over: generates a catalogue, loads it through the ordinary loader, and
/// drives a realistic mix of cases against a SQLite store on a fake clock that walks across the working days
/// (holidays included), firing deadlines and delivering the outbox as it goes.</summary>
internal sealed partial class Simulator(SimulationOptions options)
{
    private static readonly TimeOnly[] RoundTimes = [new(9, 30), new(11, 0), new(14, 30), new(16, 30)];

    /// <summary>Outbox messages read per dispatcher pass (the engine's default is 256; a round commits ~270 on average).</summary>
    private const int OutboxBatch = 4096;

    /// <summary>Extra working days after the last filing for open cases to finish.</summary>
    private const int TailDays = 80;

    /// <summary>Runs the whole simulation and returns its summary.</summary>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    /// <exception cref="DefinitionException">The generated catalogue did not load (a generator bug).</exception>
    public async Task<SimulationSummary> RunAsync(IProgress<SimulationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join(" ", errors), nameof(options));
        var wall = Stopwatch.StartNew();
        var generated = CatalogueGenerator.Generate(options.Items, options.Departments, options.Seed);
        var loadWatch = Stopwatch.StartNew();
        var loaded = generated.Load();
        loadWatch.Stop();
        var catalogue = loaded.GetValueOrThrow();

        var calendar = WorkingCalendar.Load(new CalendarOptions());
        var days = WorkingDays(calendar, options.Start, options.WorkingDays + TailDays);
        var clock = new SimulationClock(calendar.AtLocal(days[0], new TimeOnly(8, 30)), calendar.TimeZone);
        var path = options.DatabasePath ?? Path.Combine(Path.GetTempPath(), $"onestop-sim-{options.Seed}-{Guid.NewGuid():N}.db");
        var counters = new SimulationCounters();
        var latency = new LatencyHistogram();
        var services = new SimulatedServiceHandler();
        var collection = new ServiceCollection();
        collection.AddOneStop(b => b
            .UseCatalogue(catalogue)
            .UseSqlite(path, o => { o.Synchronous = options.Synchronous; o.VerifyOnOpen = false; o.MaxBatchSize = options.MaxBatch; })
            .UseTimeProvider(clock)
            .UseCalendar(calendar)
            .AddServiceHandler(services)
            .AddSupervisionSink(counters)
            .UseDeadlineWorker(false)
            .UseOutboxWorker(false)
            // The round's outbox in one read where it fits: each pass of the closing outbox ends with its own
            // MarkDelivered commit while nothing else runs, so fewer passes shorten that serial part of the round.
            .Configure(o =>
            {
                o.Outbox.BatchSize = OutboxBatch;
                o.SnapshotCacheSize = options.SnapshotCache;
            }));
        // The driver finds a waiting case's subcases here instead of searching the store (SubcaseIndex).
        if (options.SubcaseIndex)
        {
            collection.AddSingleton<SubcaseIndex>();
            collection.AddSingleton<OneStop.Engine.Pipeline.ICaseExtension>(sp => sp.GetRequiredService<SubcaseIndex>());
        }
        var summary = new SimulationSummary { DatabasePath = path, Options = options, CatalogueItems = catalogue.Items.Length, CatalogueLoadTime = loadWatch.Elapsed, Diagnostics = loaded.Diagnostics.Length };
        try
        {
            await using (var provider = collection.BuildServiceProvider())
            {
                await DriveAsync(provider, generated, days, clock, counters, latency, summary, progress, cancellationToken).ConfigureAwait(false);
                // The driving's own peak, before the statistics query and the verification (which reads the whole file) add theirs.
                summary.DrivePeakWorkingSet = CurrentPeakWorkingSet();
                summary.SubcasesIndexed = provider.GetService<SubcaseIndex>()?.Count ?? 0;
                var reports = provider.GetRequiredService<ICaseReports>();
                summary.Statistics = await reports.GetStatisticsAsync(new StatisticsQuery { OverdueLimit = 0 }, cancellationToken).ConfigureAwait(false);
                if (options.Verify)
                {
                    var verify = Stopwatch.StartNew();
                    summary.Verification = await reports.VerifyAsync(cancellationToken).ConfigureAwait(false);
                    summary.VerifyTime = verify.Elapsed;
                }
            }
        }
        finally
        {
            if (options.DatabasePath is null && !options.Keep) DeleteStore(path);
        }
        summary.ServiceCalls = services.Calls;
        summary.Counters = counters;
        summary.Latency = latency;
        summary.TotalTime = wall.Elapsed;
        // Linux's high-water mark (VmHWM) is only brought up to date on some paths that shrink the working set, so a
        // later reading can come out below an earlier one; the whole run's peak is at least the driving's.
        summary.PeakWorkingSet = Math.Max(summary.DrivePeakWorkingSet, CurrentPeakWorkingSet());
        return summary;
    }

    private static long CurrentPeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static List<DateOnly> WorkingDays(WorkingCalendar calendar, DateOnly start, int count)
    {
        var days = new List<DateOnly>(count);
        for (var d = start; days.Count < count; d = d.AddDays(1))
        {
            if (calendar.IsWorkingDay(d)) days.Add(d);
        }
        return days;
    }

    private static void DeleteStore(string path)
    {
        foreach (var p in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
        {
            try
            {
                File.Delete(p);
            }
            catch (IOException)
            {
                // A leftover temp file is harmless; the run's result stands.
            }
        }
    }
}
