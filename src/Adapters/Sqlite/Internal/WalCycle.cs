namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The writer's rule for starting the WAL over while commits come one at a time (see <see cref="KeepShort"/>);
/// used only by the holder of the writer's gate.</summary>
internal sealed class WalCycle
{
    /// <summary>Groups of at most this many requests (callers hardly overlap) keep the WAL short. Under a queue a group's
    /// one fsync is shared by many commits, so what an append costs more is small per commit, while a start-over costs
    /// the writer two or three fsyncs (its catch-up checkpoint syncs the WAL and the database, the first commit after it
    /// writes and syncs a new WAL header) and the background checkpointer several rounds: with 64 callers it made the
    /// engine benchmark slower (62.9 / 62.3 against 52.9 / 53.5 µs per action, alternated, load 6.5).</summary>
    internal const int SmallGroup = 4;

    /// <summary>Small groups in a row, with nothing queued after any of them, before commits count as coming one at a
    /// time. Under a queue that sometimes drains (the simulator's 64 drivers: a small group with nothing behind it now
    /// and then) each such group used to start a checkpoint once the WAL held <see cref="CycleFrames"/> frames, and the WAL
    /// started over every ~4–10k frames: 264 checkpoints per 10,000 cases instead of 82, each copying back pages that
    /// the next few groups dirtied again (611k page writes against 480k, 2.6 GB written to the disk against 1.7 GB).</summary>
    internal const int SustainedGroups = 32;

    /// <summary>WAL frames after which the WAL is checkpointed and started over (4 MB with 1 KB pages).</summary>
    public int CycleFrames { get; set; } = 4096;

    /// <summary>Frames the writer copies back itself to let the WAL start over, at most.</summary>
    public int CatchUpFrames { get; set; } = 1024;

    /// <summary>WAL restarts the writer made possible by its own catch-up checkpoint (for tests and diagnostics).</summary>
    public long CatchUpCount { get; private set; }

    /// <summary>Called by the writer after each group, outside a transaction. Keeps the WAL short, so that commits
    /// overwrite a WAL file that is already allocated instead of appending to it. On ext4 an fsync after appending to a file (new blocks, a new size) costs about twice one after overwriting
    /// (~300 against ~130 µs here; docs/performance/sqlite.md, round sqlite6), and before this the WAL of a freshly opened
    /// store only grew (to 34 MB in the engine benchmark's sequential run): SQLite starts the WAL over only when a
    /// checkpoint has copied every frame back, which the background PASSIVE checkpoint never achieves while the writer
    /// keeps committing. So, while commits come one at a time (groups of at most <see cref="SmallGroup"/>), once the WAL
    /// has <see cref="CycleFrames"/> frames the background checkpointer copies them back, and when it has got within <see cref="CatchUpFrames"/> of the end the writer copies the rest itself, between
    /// two transactions (a short PASSIVE checkpoint that never waits); SQLite's next commit then starts the WAL over.
    /// False for a larger group, or when requests are already waiting (<paramref name="queued"/>): the caller then
    /// checkpoints as before, once per thousand or so writes.</summary>
    public bool KeepShort(WriterSession session, WalCheckpointer checkpointer, long frames, int group, int queued)
    {
        // The WAL started over since the last group: what the checkpointer copied so far was of the old one.
        if (frames < _lastFrames) _checkpointsBeforeRestart = checkpointer.Checkpoints;
        _lastFrames = frames;
        // Nothing may wait on the writer's catch-up: only after a small group, with nothing queued behind it, and only
        // once such groups have come SustainedGroups times in a row.
        if (group > SmallGroup || queued > 0)
        {
            _smallRun = 0;
            return false;
        }
        if (_smallRun < SustainedGroups && ++_smallRun < SustainedGroups) return false;
        if (frames < CycleFrames || !checkpointer.Idle) return true;
        var copied = checkpointer.Checkpoints > _checkpointsBeforeRestart ? checkpointer.CheckpointedFrames : 0;
        if (frames - copied > CatchUpFrames) checkpointer.Signal();
        else if (session.TryCheckpointNow()) CatchUpCount++;
        return true;
    }

    private long _lastFrames, _checkpointsBeforeRestart;
    private int _smallRun;
}
