using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using OneStop;
using OneStop.CrashHost;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Testing;

// Usage: OneStop.CrashHost --db FILE --sink FILE --now ISO-INSTANT --run N --seed N [--workers N] [--final] [--coalesce-wal]
// Load mode files and works cases from several concurrent workers, fires deadlines and delivers the outbox until it is
// killed; it prints "ACK key case version" only after the command's commit returned. Final mode fires whatever is due,
// delivers the whole outbox, prints "DONE" and closes the store cleanly.
var options = Args.Parse(args);
var clock = new FakeTimeProvider(options.Now, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
using var sink = new FileSink(options.Sink);
var catalogue = CatalogueLoader.LoadTexts([("crash.yaml", CrashItem.Yaml)]).GetValueOrThrow();
await using var services = new ServiceCollection()
    .AddOneStop(b => b.UseCatalogue(catalogue).UseTimeProvider(clock).UseOutboxWorker(false).UseDeadlineWorker(false)
        .AddNotificationSink(sink).AddDeadlineHandler(sink).UseSqlite(options.Db, o => o.CoalesceWalWrites = args.Contains("--coalesce-wal")))
    .BuildServiceProvider();
var engine = services.GetRequiredService<ICaseEngine>();
var scheduler = services.GetRequiredService<IDeadlineScheduler>();
var output = Console.Out;
output.WriteLine($"READY run={options.Run} seed={options.Seed} now={options.Now:O}");

if (options.Final)
{
    // Fire everything due (a firing may schedule a later threshold that is also due) and drain the outbox.
    while (await scheduler.RunDueAsync(clock.GetUtcNow()) + await engine.ProcessOutboxAsync() > 0)
    {
    }
    output.WriteLine("DONE");
    return 0;
}

using var stop = new CancellationTokenSource();
var loops = new List<Task>
{
    Loop(async () => await scheduler.RunDueAsync(clock.GetUtcNow())),
    Loop(async () => await engine.ProcessOutboxAsync()),
};
for (var w = 0; w < options.Workers; w++) loops.Add(new CaseWorker(engine, options, w, output).RunAsync(stop.Token));
// The test kills the process; this bound only keeps a forgotten host from running forever.
await Task.WhenAny(Task.WhenAll(loops), Task.Delay(TimeSpan.FromSeconds(120)));
await stop.CancelAsync();
output.WriteLine("TIMEOUT");
return 2;

async Task Loop(Func<Task> body)
{
    while (!stop.IsCancellationRequested)
    {
        try
        {
            await body();
        }
        catch (Exception ex) when (ex is OneStopException)
        {
            // A conflict with a worker's command: the next round tries again.
            await Console.Error.WriteLineAsync("loop: " + ex.Message);
        }
        await Task.Delay(5);
    }
}

/// <summary>Command-line options.</summary>
internal sealed record Args(string Db, string Sink, DateTimeOffset Now, int Run, int Seed, int Workers, bool Final)
{
    public static Args Parse(string[] args)
    {
        string Value(string name)
        {
            var k = Array.IndexOf(args, name);
            if (k < 0 || k + 1 >= args.Length) throw new ArgumentException($"missing {name}");
            return args[k + 1];
        }
        var workers = Array.IndexOf(args, "--workers") >= 0 ? int.Parse(Value("--workers"), CultureInfo.InvariantCulture) : 6;
        return new Args(Value("--db"), Value("--sink"), DateTimeOffset.Parse(Value("--now"), CultureInfo.InvariantCulture),
            int.Parse(Value("--run"), CultureInfo.InvariantCulture), int.Parse(Value("--seed"), CultureInfo.InvariantCulture), workers,
            args.Contains("--final"));
    }
}
