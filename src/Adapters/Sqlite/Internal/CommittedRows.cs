using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The case rows (without snapshots) this store's writer committed last, so that the read every command starts
/// with (<see cref="ICaseStore.GetCaseRowAsync"/>) needs no SQLite read when nothing else has been committed since.
/// <para>Exactness rests on the WAL index header (<see cref="WalIndexHeader"/>), which every commit of any connection in
/// any process changes. The writer publishes its rows together with the header its COMMIT produced, accepted only when
/// that header is the one before the COMMIT plus exactly one commit (its change counter one higher), so a commit by
/// someone else right after it is never taken for its own. A reader uses a row only when the live header still equals
/// the published one: nothing at all was committed since, so the row is the file's. Otherwise it reads SQLite as
/// before. When the writer begins a transaction and finds the header moved since its last publication (another process
/// committed), it forgets every row, since it cannot know which cases changed.</para>
/// <para>Two generations of at most <see cref="GenerationSize"/> rows each bound the memory; a case acted on
/// recently stays in the newer one.</para></summary>
internal sealed class CommittedRows(WalIndexHeader? header) : IDisposable
{
    /// <summary>Rows per generation.</summary>
    internal const int GenerationSize = 8_192;

    private const int ChangeOffset = 8;
    // mxFrame: the number of valid frames in the WAL (SQLite's WAL-index header, a native-order u32).
    private const int FramesOffset = 16;

    private readonly Lock _gate = new();
    private Dictionary<string, CaseRecord> _current = new(StringComparer.Ordinal);
    private Dictionary<string, CaseRecord> _previous = new(StringComparer.Ordinal);
    // The header published with the rows; null while no row may be trusted.
    private byte[]? _token;
    private readonly byte[] _before = new byte[WalIndexHeader.Size];
    private bool _beforeValid;

    /// <summary>Rows served without a SQLite read (for tests and diagnostics).</summary>
    public long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    /// <summary>The committed row of <paramref name="caseNumber"/> when nothing has been committed since the writer
    /// published it; false means "read SQLite".</summary>
    public bool TryGet(string caseNumber, out CaseRecord row)
    {
        byte[]? token;
        lock (_gate)
        {
            token = _token;
            if (token is null || !(_current.TryGetValue(caseNumber, out row!) || _previous.TryGetValue(caseNumber, out row!)))
            {
                row = null!;
                return false;
            }
        }
        Span<byte> now = stackalloc byte[WalIndexHeader.Size];
        try
        {
            if (!header!.TryRead(now) || !now.SequenceEqual(token)) return false;
        }
        catch (ObjectDisposedException)
        {
            // The store closed meanwhile.
            return false;
        }
        Interlocked.Increment(ref _hits);
        return true;
    }

    /// <summary>Called by the writer once it holds the write lock: forgets every row when anything was committed
    /// since its last publication by someone else.</summary>
    public void Began()
    {
        if (header is null) return;
        Span<byte> now = stackalloc byte[WalIndexHeader.Size];
        var same = header.TryRead(now) && _token is { } token && now.SequenceEqual(token);
        if (!same) Forget();
    }

    /// <summary>The frames in the WAL as of the last commit (any connection's), from the WAL index header; false without
    /// a header or when it is being rewritten.</summary>
    public bool TryReadWalFrames(out long frames)
    {
        frames = 0;
        if (header is null) return false;
        Span<byte> now = stackalloc byte[WalIndexHeader.Size];
        if (!header.TryRead(now)) return false;
        frames = BitConverter.ToUInt32(now[FramesOffset..]);
        return true;
    }

    /// <summary>Called by the writer just before its COMMIT (it still holds the write lock): the header to compare the
    /// COMMIT's with.</summary>
    public void Committing() => _beforeValid = header is not null && header.TryRead(_before);

    /// <summary>The row the writer itself committed last for <paramref name="caseNumber"/> when it is at
    /// <paramref name="version"/>, whatever was committed since (the writer's own view; readers use <see cref="TryGet"/>).</summary>
    public CaseRecord? Own(string caseNumber, long version)
    {
        lock (_gate)
        {
            return (_current.TryGetValue(caseNumber, out var row) || _previous.TryGetValue(caseNumber, out row)) && row.Version == version ? row : null;
        }
    }

    /// <summary>Called by the writer after its COMMIT: publishes <paramref name="rows"/> with the header the COMMIT
    /// produced.</summary>
    public void Committed(IReadOnlyList<string> keys, IReadOnlyList<CaseRecord> rows)
    {
        if (header is null) return;
        var after = new byte[WalIndexHeader.Size];
        var exact = _beforeValid && header.TryRead(after)
            && BitConverter.ToUInt32(after, ChangeOffset) == unchecked(BitConverter.ToUInt32(_before, ChangeOffset) + 1);
        lock (_gate)
        {
            if (!exact)
            {
                ForgetLocked();
                return;
            }
            for (var i = 0; i < keys.Count; i++) Put(keys[i], rows[i]);
            _token = after;
        }
    }

    /// <summary>Forgets every row (the writer's transaction failed in a way that leaves the header unknown, or the
    /// store is closing).</summary>
    public void Forget()
    {
        lock (_gate) ForgetLocked();
    }

    private void ForgetLocked()
    {
        _token = null;
        _current.Clear();
        _previous.Clear();
    }

    private void Put(string key, CaseRecord row)
    {
        if (_current.Count >= GenerationSize && !_current.ContainsKey(key))
        {
            (_previous, _current) = (_current, _previous);
            _current.Clear();
        }
        _current[key] = row;
        // A case's row lives in one generation only, or a lookup could find the older one.
        _previous.Remove(key);
    }

    public void Dispose()
    {
        Forget();
        header?.Dispose();
    }
}
