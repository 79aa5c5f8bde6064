using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>Reads, from the WAL index (SQLite's documented <c>-shm</c> layout, native byte order), which database page a
/// checkpoint that has just started will certainly write last or after, so that <see cref="DatabaseIoMethods"/> can pass
/// that write and every later one on at once: SQLite ignores what its <c>SQLITE_FCNTL_CKPT_DONE</c> returns, so no write
/// may still be buffered then.
/// <para>A checkpoint (<c>walCheckpoint</c>) copies, in ascending page order, each page whose newest frame in its
/// snapshot of the WAL (up to a frame H we cannot see) lies after <c>nBackfill</c> and at or before <c>mxSafeFrame</c>
/// (it stores that in <c>nBackfillAttempted</c> before it starts), and whose number is at most the database's size.
/// A page with a frame in (nBackfill, mxSafeFrame] and none in (mxSafeFrame, M], M the WAL's length now (M ≥ H; no frame
/// changes while the checkpoint runs: the WAL cannot start over before it publishes), has its newest frame up to H in
/// that range, so it is written. The largest such page is the answer. (A page past the database's size would be
/// skipped; a database shrinks only through VACUUM or auto-vacuum, which the store does not use; if it ever happened the
/// buffer would be written at CKPT_DONE instead, see <see cref="DatabaseIoMethods"/>.)</para></summary>
internal static unsafe class CheckpointPlan
{
    /// <summary>Bytes in one region of the WAL index (<c>WALINDEX_PGSZ</c>).</summary>
    public const int RegionSize = 32768;

    // The WAL index: two copies of the 48-byte header, then the checkpoint information; frames' page numbers follow,
    // 4,062 in the first region (after the 136-byte header), 4,096 in each later one.
    private const int MaxFrameOffset = 16;
    private const int PageSizeOffset = 14;
    private const int BackfillOffset = 96;
    private const int BackfillAttemptedOffset = 128;
    private const int FirstRegionFrames = 4062;
    private const int RegionFrames = 4096;
    private const int HeaderWords = 136 / 4;

    /// <summary>The page a checkpoint starting now on the database whose WAL index <paramref name="inner"/> maps will
    /// certainly write, with no page after it that it writes being certain to be written before it (1-based), and the
    /// page size; 0 when that cannot be told (nothing to copy, an index region not mapped, a header that makes no
    /// sense): the caller then buffers nothing.</summary>
    public static uint LastCertainPage(SqliteFileNative* inner, out int pageSize)
    {
        pageSize = 0;
        var methods = inner->pMethods;
        if (methods->iVersion < 2 || methods->xShmMap == null) return 0;
        var index = new WalIndex(inner);
        var header = index.Region(0);
        if (header == null) return 0;
        var maxFrame = Volatile.Read(ref *(uint*)(header + MaxFrameOffset));
        var backfill = Volatile.Read(ref *(uint*)(header + BackfillOffset));
        var safe = Volatile.Read(ref *(uint*)(header + BackfillAttemptedOffset));
        var raw = *(ushort*)(header + PageSizeOffset);
        pageSize = (raw & 0xfe00) + ((raw & 1) << 16);
        if (pageSize < 512 || backfill >= safe || safe > maxFrame) return 0;

        // Pages written after mxSafeFrame: their newest frame may be past the checkpoint's snapshot or not.
        HashSet<uint>? later = null;
        for (var frame = safe + 1; frame <= maxFrame; frame++)
        {
            var page = index.Page(frame);
            if (page == 0) return 0;
            (later ??= []).Add(page);
        }
        uint last = 0;
        for (var frame = backfill + 1; frame <= safe; frame++)
        {
            var page = index.Page(frame);
            if (page == 0) return 0;
            if (page > last && (later is null || !later.Contains(page))) last = page;
        }
        return last;
    }

    /// <summary>The index's regions as the wrapped file maps them (each mapped once per process; asking again returns
    /// the same memory without a system call).</summary>
    private sealed class WalIndex(SqliteFileNative* inner)
    {
        private readonly List<nint> _regions = [];

        public byte* Region(int region)
        {
            while (_regions.Count <= region)
            {
                void* mapped = null;
                // Not extending: a region the index does not have yet holds no committed frame.
                var rc = inner->pMethods->xShmMap(inner, _regions.Count, RegionSize, 0, &mapped);
                _regions.Add(rc == Ok ? (nint)mapped : 0);
            }
            return (byte*)_regions[region];
        }

        /// <summary>The page number of <paramref name="frame"/> (1-based), 0 when its region is not mapped.</summary>
        public uint Page(uint frame)
        {
            int region;
            long slot;
            if (frame <= FirstRegionFrames)
            {
                region = 0;
                slot = HeaderWords + frame - 1;
            }
            else
            {
                var after = frame - FirstRegionFrames - 1;
                region = (int)(after / RegionFrames) + 1;
                slot = after % RegionFrames;
            }
            var start = Region(region);
            return start == null ? 0 : Volatile.Read(ref *((uint*)start + slot));
        }
    }
}
