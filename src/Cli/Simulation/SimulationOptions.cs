using OneStop.Adapters.Sqlite;
using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>Settings of one simulator run. Defaults are the issue's: 100,000 cases, 500 items over 30 departments,
/// 60 working days from 2025-09-15 (National Day inside), synchronous=FULL.</summary>
internal sealed class SimulationOptions
{
    /// <summary>Cases to file (subcases come on top). Default 100,000.</summary>
    public int Cases { get; set; } = 100_000;

    /// <summary>Concurrent case drivers (commands in flight; group commit batches them). Default 128: with 64, every
    /// driver's command was often in the group waiting for its fsync, and the writer and the pool both idled for it
    /// (docs/performance/simulator.md, session 32 round idle33).</summary>
    public int Concurrency { get; set; } = DefaultConcurrency;

    /// <summary>The default of <see cref="Concurrency"/>.</summary>
    public const int DefaultConcurrency = 128;

    /// <summary>Most commits the store writes in one group (<c>SqliteStoreOptions.MaxBatchSize</c>). Default 32: with
    /// twice the drivers, an uncapped group took every queued command, and all its drivers waited for one fsync while the
    /// writer and the pool idled; a capped group is handed to the fsync sooner and its drivers come back while the writer
    /// writes the next one (docs/performance/simulator.md, session 32 round idle33).</summary>
    public int MaxBatch { get; set; } = DefaultMaxBatch;

    /// <summary>The default of <see cref="MaxBatch"/>.</summary>
    public const int DefaultMaxBatch = 32;

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

    /// <summary>The engine's snapshot cache (<c>OneStopOptions.SnapshotCacheSize</c>). Default: the engine's own.</summary>
    public int SnapshotCache { get; set; } = new OneStopOptions().SnapshotCacheSize;

    /// <summary>Verify the hash chain of the whole file at the end. Default true.</summary>
    public bool Verify { get; set; } = true;

    /// <summary>Waiting cases find their subcases in the simulator's own index of filing commits (<see cref="SubcaseIndex"/>);
    /// false searches the store by applicant, as before session 25 (tests compare the two).</summary>
    public bool SubcaseIndex { get; set; } = true;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Cases < 1) errors.Add($"--cases must be at least 1 (was {Cases}).");
        if (Concurrency is < 1 or > 4096) errors.Add($"--concurrency must be between 1 and 4096 (was {Concurrency}).");
        if (MaxBatch < 1) errors.Add($"--max-batch must be at least 1 (was {MaxBatch}).");
        if (Items < 20) errors.Add($"--items must be at least 20 (was {Items}).");
        if (Departments is < 3 or > 99) errors.Add($"--departments must be between 3 and 99 (was {Departments}).");
        if (WorkingDays is < 1 or > 250) errors.Add($"--days must be between 1 and 250 (was {WorkingDays}).");
        if (SnapshotCache is < 0) errors.Add($"--snapshot-cache must not be negative (was {SnapshotCache}).");
        return errors;
    }
}
