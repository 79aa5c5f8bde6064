using OneStop.Adapters.Sqlite;

namespace OneStop.Cli.Simulation;

/// <summary>Settings of one simulator run. Defaults are the issue's: 100,000 cases, 500 items over 30 departments,
/// 60 working days from 2025-09-15 (National Day inside), synchronous=FULL.</summary>
internal sealed class SimulationOptions
{
    /// <summary>Cases to file (subcases come on top). Default 100,000.</summary>
    public int Cases { get; set; } = 100_000;

    /// <summary>Concurrent case drivers (commands in flight; group commit batches them). Default 64.</summary>
    public int Concurrency { get; set; } = 64;

    /// <summary>Seed: the same seed gives the same catalogue and the same per-case scripts. Default 1.</summary>
    public long Seed { get; set; } = 1;

    /// <summary>Items in the generated catalogue. Default 500.</summary>
    public int Items { get; set; } = 500;

    /// <summary>Departments. Default 30.</summary>
    public int Departments { get; set; } = 30;

    /// <summary>First simulated day (local). Default 2025-09-15, so National Day 2025 falls inside.</summary>
    public DateOnly Start { get; set; } = new(2025, 9, 15);

    /// <summary>Working days over which cases are filed. Default 60.</summary>
    public int WorkingDays { get; set; } = 60;

    /// <summary>The SQLite file; null for a temporary file.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Keep the database file afterwards (a named <see cref="DatabasePath"/> is always kept).</summary>
    public bool Keep { get; set; }

    /// <summary>SQLite durability. Default FULL.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>The engine's snapshot cache (<c>OneStopOptions.SnapshotCacheSize</c>); null sizes it to the run
    /// (<see cref="SnapshotCacheFor"/>).</summary>
    public int? SnapshotCache { get; set; }

    /// <summary>The snapshot cache size this run uses: <see cref="SnapshotCache"/>, else <see cref="SnapshotCacheFor"/>.</summary>
    public int EffectiveSnapshotCache => SnapshotCache ?? SnapshotCacheFor(Cases, WorkingDays);

    /// <summary>Cases open at once per case filed per working day: each case stays open about 4.3–4.5 working days on
    /// average (at most 748 open at 10k cases over 60 days, 2,166 at 30k, 7,118 at 100k).</summary>
    internal const double OpenDaysPerCase = 4.5;

    /// <summary>The engine's default snapshot cache size, kept while the run's open cases fit well inside it.</summary>
    internal const int EngineDefaultCache = 10_000;

    /// <summary>The most <see cref="SnapshotCacheFor"/> gives (~115 MB more managed heap than the default at its peak),
    /// so a run filing many more cases a day (a million cases over 60 days) stays bounded.</summary>
    internal const int MaxAutoCache = 25_000;

    /// <summary>Three times the cases expected open at once, never below the engine's default nor above
    /// <see cref="MaxAutoCache"/>. The engine's cache
    /// keeps every case it committed, concluded ones too, and clears itself whole when full, so each clear costs one
    /// reload (stored snapshot, inflate, JSON, replay) per open case that acts again. With O open cases and room for C,
    /// a run of N cases clears about N / (C − O) times and reloads about N·O / (C − O) snapshots: at 100k cases
    /// (O ≈ 7,100) a cache of 10,000 reloaded ~207,000 more than an unbounded one, 3·O leaves ~55,000. Each entry costs
    /// ~7.6 KB of managed heap, so 3·O at 100k (~21,000 entries) costs ~90 MB more at its peak than the default.</summary>
    public static int SnapshotCacheFor(int cases, int workingDays)
    {
        var open = Math.Ceiling((double)cases / Math.Max(1, workingDays) * OpenDaysPerCase);
        return (int)Math.Clamp(3 * open, EngineDefaultCache, MaxAutoCache);
    }

    /// <summary>Verify the hash chain of the whole file at the end. Default true.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Cases < 1) errors.Add($"--cases must be at least 1 (was {Cases}).");
        if (Concurrency is < 1 or > 4096) errors.Add($"--concurrency must be between 1 and 4096 (was {Concurrency}).");
        if (Items < 20) errors.Add($"--items must be at least 20 (was {Items}).");
        if (Departments is < 3 or > 99) errors.Add($"--departments must be between 3 and 99 (was {Departments}).");
        if (WorkingDays is < 1 or > 250) errors.Add($"--days must be between 1 and 250 (was {WorkingDays}).");
        if (SnapshotCache is < 0) errors.Add($"--snapshot-cache must not be negative (was {SnapshotCache}).");
        return errors;
    }
}
