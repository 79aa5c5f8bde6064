using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Clocks;
using OneStop.Engine.Flow;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Scheduling;

/// <summary>An engine with clocks over an in-memory store seeded directly with <see cref="CaseRecord"/>s: open cases
/// whose earliest due instant lies in 2026, plus on demand batches of cases whose Reminder is already due.</summary>
internal sealed class SchedulingFixture : IDisposable
{
    private const string ItemCode = "000900000001";
    private static readonly DateTimeOffset T0 = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);
    private readonly CaseSnapshot _template;
    private readonly CaseRecord _templateRecord;
    private int _batch;

    /// <summary>When the seeded warnings are fired.</summary>
    public static readonly DateTimeOffset Now = new(2025, 10, 20, 1, 0, 0, TimeSpan.Zero);

    public SchedulingFixture(int openCases)
    {
        var calendar = WorkingCalendar.CreateDefault();
        Time = new ManualTime(T0, calendar.TimeZone);
        Store = new InMemoryCaseStore();
        var catalogue = CatalogueLoader.LoadTexts([("bench.yaml", $$"""
            item: "{{ItemCode}}"
            version: 1
            name: 基准事项
            department: 市测试局
            kind: promised
            roles:
              clerk: { name: 经办人, department: 市测试局 }
            materials:
              - { id: report, name: 报告 }
            flow:
              - { step: review, role: clerk }
            """)]).GetValueOrThrow();
        var options = new ClockOptions();
        var planner = new ClockPlanner(calendar, options);
        var signal = new DeadlineSignal();
        var hub = new DeadlineHub([]);
        Engine = new CaseEngine(Store, catalogue, Time, new global::OneStop.Engine.Hooks.AllowAllAuthorizer(), new global::OneStop.Engine.Hooks.DefaultCaseNumberGenerator(Store, Time),
            [], [], [new ClockExtension(planner, signal)], NullLogger.Instance, new EngineTelemetry(), new OneStopOptions { SnapshotCacheSize = 0 }, [hub]);
        Scheduler = new DeadlineScheduler(Engine, new DeadlineFirer(planner), hub, signal, Time, options, NullLogger.Instance) ;

        // One real case gives the template snapshot (with its clocks) and the stored definition.
        var number = Engine.SubmitAsync(new SubmitCase(ItemCode, "张三", "applicant", "seed-submit") { Materials = ["report"] }).GetAwaiter().GetResult().CaseNumber;
        Engine.ExecuteAsync(new Accept(number, "window", "seed-accept")).GetAwaiter().GetResult();
        Engine.ExecuteAsync(new Terminate(number, "window", "seed-end", "基准模板")).GetAwaiter().GetResult();
        _templateRecord = Store.GetCaseAsync(number).GetAwaiter().GetResult()!;
        _template = JsonSerializer.Deserialize(_templateRecord.Snapshot.Span, EngineJsonContext.Default.CaseSnapshot)!;
        // The template was terminated (so it never fires itself); its copies are open and their clocks running.
        _template.State = CaseState.InProgress;
        _template.ConcludedAt = null;
        foreach (var c in _template.Clocks!)
        {
            if (c.Kind != ClockKind.Correction) c.Status = ClockStatus.Running;
        }

        // Open cases that are not due: indexed rows with a tiny snapshot (never loaded by these benchmarks).
        var far = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        var empty = "{}"u8.ToArray();
        SeededDues = new DateTimeOffset[openCases];
        for (var k = 0; k < openCases; k++)
        {
            var id = "OPEN-" + k.ToString("D7", CultureInfo.InvariantCulture);
            var due = far.AddMinutes(random.Next(0, 525_600));
            SeededDues[k] = due;
            Commit(_templateRecord with { State = "InProgress", ConcludedAt = null, CaseNumber = id, Version = 1, EarliestDue = due, Snapshot = empty, SnapshotVersion = 1 });
        }
        Time.Now = Now;
    }

    public ManualTime Time { get; }
    /// <summary>The earliest due instant of every seeded open case (for the unindexed baseline).</summary>
    public DateTimeOffset[] SeededDues { get; }
    public InMemoryCaseStore Store { get; }
    public CaseEngine Engine { get; }
    public DeadlineScheduler Scheduler { get; }

    /// <summary>Adds <paramref name="count"/> cases whose decision clock's Reminder fell due before <see cref="Now"/>.</summary>
    public void SeedDueWarnings(int count)
    {
        var batch = Interlocked.Increment(ref _batch);
        for (var k = 0; k < count; k++)
        {
            var s = _template.Clone();
            s.CaseNumber = "DUE-" + batch.ToString(CultureInfo.InvariantCulture) + "-" + k.ToString("D6", CultureInfo.InvariantCulture);
            s.Version = 1;
            s.Tasks.Clear();
            foreach (var c in s.Clocks!)
            {
                // Only the decision clock's first warning is due (spread over the morning); the rest are far away.
                foreach (var t in c.Thresholds) t.At = c.Kind == ClockKind.Decision && t.Id.StartsWith('w') && t.Id.EndsWith("reminder", StringComparison.Ordinal)
                    ? T0.AddMinutes(k % 600) : new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
            }
            var due = ClockExtension.Earliest(s);
            Commit(_templateRecord with
            {
                State = "InProgress", ConcludedAt = null, CaseNumber = s.CaseNumber, Version = 1, EarliestDue = due,
                Snapshot = JsonSerializer.SerializeToUtf8Bytes(s, EngineJsonContext.Default.CaseSnapshot), SnapshotVersion = 1,
            });
        }
    }

    private void Commit(CaseRecord record) =>
        Store.CommitAsync(new CaseCommit(record, 0,
            [new EventRecord(record.CaseNumber, 1, "seed", T0, "seed", "seed", ReadOnlyMemory<byte>.Empty, ReadOnlyMemory<byte>.Empty)],
            [], [], null, null)).GetAwaiter().GetResult();

    public void Dispose() => Engine.Dispose();
}

/// <summary>A clock the benchmark sets by hand.</summary>
internal sealed class ManualTime(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;
    public override TimeZoneInfo LocalTimeZone => zone;
}
