namespace OneStop.Adapters.Sqlite;

/// <summary>Settings of a <see cref="SqliteCaseStore"/>, validated once when the store opens.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Durability of each commit. Default <see cref="SqliteSynchronousMode.Full"/>: an acknowledged
    /// command survives a crash or a power loss.</summary>
    public SqliteSynchronousMode Synchronous { get; set; } = SqliteSynchronousMode.Full;

    /// <summary>Most commands the writer puts in one transaction (group commit). The writer takes everything waiting
    /// up to this many; the default 4096 is above any realistic queue, so a group is never split artificially.</summary>
    public int MaxBatchSize { get; set; } = 4096;

    /// <summary>Page size in bytes of a file this store creates (an existing file keeps its own). Every command dirties
    /// a page in each of several b-trees (events, command keys, outbox ids, tasks) for a few hundred bytes of data, and
    /// the WAL and the checkpoint write whole pages, so small pages write far fewer bytes per command. Default 1024
    /// (measured: 9 KB instead of 20 KB written per task action with 4096); a power of two from 512 to 65536.</summary>
    public int PageSize { get; set; } = 1024;

    /// <summary>Write the WAL through a VFS shim that passes each commit's frames to the file in one write instead of
    /// two per frame (<c>Vfs/CoalescingVfs</c>). Durability is unchanged: the frames are written before the WAL is synced,
    /// and nothing is acknowledged before that sync. It takes effect only with <see cref="SqliteSynchronousMode.Full"/>
    /// or <see cref="SqliteSynchronousMode.Extra"/> (below FULL SQLite publishes a commit to other connections without
    /// syncing the WAL, so buffered frames could be read before they are written); with OFF or NORMAL it is ignored.
    /// It is also ignored when Microsoft.Data.Sqlite runs on a native library other than the bundled <c>e_sqlite3</c>
    /// (another SQLitePCLRaw provider), which the shim cannot register in. Default true (see docs/performance/vfs.md).</summary>
    public bool CoalesceWalWrites { get; set; } = true;

    /// <summary>Pipelined group commit: the writer does not wait for the WAL's fsync after each COMMIT but goes on with
    /// the next group, while a sync thread fsyncs the WAL and only then acknowledges every group written before that
    /// fsync began (one fsync covers all the groups waiting). Durability is unchanged: no command is acknowledged, and
    /// no read result, outbox message or stored repeat result leaves the store, before an fsync covers the commits it
    /// saw; a failed fsync fails the waiting callers and makes the store refuse further writes (docs/storage.md). Takes
    /// effect only together with <see cref="CoalesceWalWrites"/> (the shim defers the writer's commit syncs), so with
    /// <see cref="SqliteSynchronousMode.Full"/> or <see cref="SqliteSynchronousMode.Extra"/>. Default true (see
    /// docs/performance/sqlite.md, round store16).</summary>
    public bool PipelineSync { get; set; } = true;

    /// <summary>How long a statement waits for a lock held by another process before failing with a
    /// transient <see cref="Engine.StoreException"/>. Default 5 seconds.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Run <c>PRAGMA quick_check</c> before using an existing file, refusing a damaged one.
    /// It reads the whole file, so very large stores may turn it off. Default true.</summary>
    public bool VerifyOnOpen { get; set; } = true;

    /// <summary>Create the file when it does not exist. Default true.</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Clock for bookkeeping instants the store records itself (when a message was delivered).
    /// Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Every problem with these options; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(Synchronous)) errors.Add($"{nameof(Synchronous)} has an unknown value {(int)Synchronous}.");
        if (TimeProvider is null) errors.Add($"{nameof(TimeProvider)} is required.");
        if (PageSize < 512 || PageSize > 65536 || (PageSize & (PageSize - 1)) != 0)
            errors.Add($"{nameof(PageSize)} must be a power of two from 512 to 65536 (was {PageSize}).");
        if (MaxBatchSize < 1) errors.Add($"{nameof(MaxBatchSize)} must be at least 1 (was {MaxBatchSize}).");
        if (BusyTimeout < TimeSpan.Zero || BusyTimeout > TimeSpan.FromDays(1))
            errors.Add($"{nameof(BusyTimeout)} must be between zero and one day (was {BusyTimeout}).");
        return errors;
    }

    internal SqliteStoreOptions Copy() => new()
    {
        Synchronous = Synchronous,
        MaxBatchSize = MaxBatchSize,
        PageSize = PageSize,
        BusyTimeout = BusyTimeout,
        VerifyOnOpen = VerifyOnOpen,
        CreateIfMissing = CreateIfMissing,
        TimeProvider = TimeProvider,
        CoalesceWalWrites = CoalesceWalWrites,
        PipelineSync = PipelineSync,
    };

    /// <summary>Whether the writer opens the file through the WAL-coalescing VFS: asked for, and safe with this
    /// durability and native library (see <see cref="CoalesceWalWrites"/>).</summary>
    internal bool UsesCoalescingVfs => CoalesceWalWrites && Synchronous >= SqliteSynchronousMode.Full && Vfs.CoalescingVfs.Available;

    /// <summary>Whether the writer syncs the WAL on a thread of its own (see <see cref="PipelineSync"/>).</summary>
    internal bool UsesPipelinedSync => PipelineSync && UsesCoalescingVfs;
}
