using System.Text.Json;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    /// <summary>A case's rows and log. A commit's row is kept as given (or, for the engine's commits, as its columns,
    /// the row being built on first read) and the stored snapshot beside it, so a commit without a snapshot (most of
    /// them) copies no row: the full row (with the snapshot) and the row without it are each made at most once per
    /// commit, when first read. Used under the store's lock only.</summary>
    /// <remarks>A snapshot the engine commits is pending (see <see cref="Commit(in CaseColumns, Audit.ChainLink, CaseSnapshot?, FlowPlan?)"/>):
    /// its bytes are written when a reader first asks for them, by replaying the log from the last bytes written, so a
    /// case that nobody reads costs no serialization and keeps no snapshot bytes.</remarks>
    private sealed class CaseEntry(InMemoryEventArena events) : InMemoryEventLog(events)
    {
        // The last committed row as given (with or without snapshot bytes), or built from the committed columns.
        private CaseRecord? _committed;
        private CaseColumns _columns;
        private bool _fromColumns;
        // The committed columns' chain head: its pending part alone when it has no bytes and the columns' version as its
        // sequence (as the engine's commits make it, see CommitLog.AppendTo), else the whole link in a HeadBox; 8 bytes
        // instead of the 32 of a ChainLink in every case's entry.
        private object? _head;
        // The stored snapshot's version, and the last snapshot bytes written (at _bytesVersion): the stored snapshot's
        // own unless it is pending.
        private ReadOnlyMemory<byte> _snapshot;
        private long _snapshotVersion;
        private long _bytesVersion;
        // While the stored snapshot is pending: the plan the case ran on, to replay the log with (plans are shared).
        private FlowPlan? _pendingPlan;
        // The entry's copy of the snapshot bytes (written from a pending snapshot, or given with the columns), in the store's shared chunks
        // (see Keep) or in an array of the entry's own: the next snapshot is written over them, without new bytes,
        // while no reader has been given them (a row or record built since they were written) and they are still the
        // chunks' last or fit the own array; once given, they never change and the next snapshot goes elsewhere.
        private byte[]? _owned;
        private bool _ownedGiven;
        // Views of the current row, made on first read after a commit.
        private CaseRecord? _record;
        private CaseRecord? _row;
        private Task<CaseRecord?>? _rowTask;

        /// <summary>The committed columns' chain head (see <see cref="_head"/>).</summary>
        private Audit.ChainLink Head => _head is HeadBox box ? box.Link : new Audit.ChainLink(_head, default, _columns.Version);

        /// <summary>The last committed row (for its columns; its snapshot may be empty).</summary>
        public CaseRecord Committed => _committed ?? BuildCommitted();

        private CaseRecord BuildCommitted()
        {
            _ownedGiven = true;
            return _committed = _columns.ToRecord(Head);
        }

        /// <summary>The committed version.</summary>
        public long Version => _fromColumns ? _columns.Version : _committed!.Version;

        /// <summary>The committed earliest due instant.</summary>
        public DateTimeOffset? EarliestDue => _fromColumns ? _columns.EarliestDue : _committed!.EarliestDue;

        /// <summary>What the engine reads on every command, without building the row.</summary>
        public EngineRow EngineRow => _fromColumns
            ? new EngineRow(_columns.ItemCode, _columns.ItemVersion, _columns.ContentHash, _columns.Version, _snapshotVersion, Head)
            : EngineRow.Of(Current);

        /// <summary>The <see cref="EngineRow"/> columns the engine's usual command reads, without the row value (false, and
        /// nothing, when the row was committed as given: the engine then reads <see cref="EngineRow"/>).</summary>
        public bool TryGetEngineHead(out long version, out long snapshotVersion, out string contentHash, out Audit.ChainLink head)
        {
            if (_fromColumns)
            {
                version = _columns.Version;
                snapshotVersion = _snapshotVersion;
                contentHash = _columns.ContentHash;
                head = Head;
                return true;
            }
            version = snapshotVersion = 0;
            contentHash = null!;
            head = default;
            return false;
        }

        /// <summary>The row with the stored snapshot and its version (a pending snapshot is written first).</summary>
        public CaseRecord Record => _record ??= BuildRecord();

        private CaseRecord BuildRecord()
        {
            WritePending();
            return Given(Committed).Snapshot.IsEmpty || Committed.SnapshotVersion != _snapshotVersion
                ? Committed with { Snapshot = _snapshot, SnapshotVersion = _snapshotVersion }
                : Committed;
        }

        /// <summary>The row with the stored snapshot's version, without a copy: with or without its bytes.</summary>
        public CaseRecord Current => Committed.SnapshotVersion == _snapshotVersion ? Committed : Row;

        /// <summary>The row without the snapshot's bytes.</summary>
        public CaseRecord Row => _row ??= Committed.Snapshot.IsEmpty && Committed.SnapshotVersion == _snapshotVersion
            ? Committed
            : Committed with { Snapshot = default, SnapshotVersion = _snapshotVersion };

        /// <summary><see cref="Row"/> as a completed task (shared by every reader until the next commit).</summary>
        public Task<CaseRecord?> RowTask => _rowTask ??= Task.FromResult<CaseRecord?>(Row);

        /// <summary>The case's log: the entry itself.</summary>
        public InMemoryEventLog Events => this;
        /// <summary>The ids of the case's tasks in the store's task index: the engine's result list when it names the
        /// committed rows (kept for the command key anyway), else an array of their own; none once the case has none open.</summary>
        public IReadOnlyList<string> TaskIds { get; set; } = [];

        /// <summary>Takes a committed row; an empty snapshot keeps the stored one (bytes and version).</summary>
        public void Commit(CaseRecord row)
        {
            // The row's snapshot (when it has one) is kept as given: the entry's own array is not used again.
            if (!row.Snapshot.IsEmpty) _owned = null;
            _committed = row;
            _fromColumns = false;
            _columns = default;
            _head = null;
            Took(row.Snapshot, row.SnapshotVersion);
        }

        /// <summary>Takes committed columns with their chain head (the row is built when first read); the log holds the
        /// commit's events already.</summary>
        /// <param name="columns">The row's columns. Their snapshot bytes, if any, are copied (see <see cref="Keep"/>).</param>
        /// <param name="head">The row's chain head.</param>
        /// <param name="due">The engine's case when a snapshot is due at this commit (its columns then carry no bytes): the
        /// snapshot is kept pending, written by replaying the log with <paramref name="plan"/> when first read; or, when
        /// that replay would run further than <see cref="MaxPendingEvents"/> past the last bytes written, written now.
        /// Not kept either way.</param>
        /// <param name="plan">The plan the case ran on (with <paramref name="due"/>).</param>
        public void Commit(in CaseColumns columns, Audit.ChainLink head, CaseSnapshot? due = null, FlowPlan? plan = null)
        {
            _committed = null;
            _fromColumns = true;
            var bytes = columns.Snapshot;
            var pending = due is not null && plan is not null && columns.Version - _bytesVersion <= MaxPendingEvents;
            if (due is not null && !pending) bytes = JsonBytes.SerializeSnapshot(due);
            _columns.Assign(columns, bytes.IsEmpty ? bytes : Keep(bytes.Span, closed: columns.IsConcluded));
            _head = head.Bytes.Equals(default) && head.Sequence == columns.Version && head.Pending is { } link && link is not HeadBox
                ? link : new HeadBox(head);
            if (pending)
            {
                _pendingPlan = plan;
                _snapshotVersion = columns.Version;
                Took(default, 0);
            }
            else Took(_columns.Snapshot, _columns.SnapshotVersion);
        }

        /// <summary>How far past the last snapshot bytes written a pending snapshot may be (events to replay when read).</summary>
        public const int MaxPendingEvents = 256;

        /// <summary>Writes the pending snapshot's bytes, if any: the last bytes written (or a new case) with the log's
        /// events up to the snapshot's version applied, exactly as the engine restores a case, so they are the bytes the
        /// engine's case at that version serializes to.</summary>
        private void WritePending()
        {
            if (_pendingPlan is not { } plan) return;
            var s = _snapshot.IsEmpty
                ? new CaseSnapshot { CaseNumber = _fromColumns ? _columns.CaseNumber : _committed!.CaseNumber }
                : JsonSerializer.Deserialize(_snapshot.Span, EngineJsonContext.Default.CaseSnapshot)!;
            foreach (var r in Events.GetRange((int)_bytesVersion, (int)(_snapshotVersion - _bytesVersion)))
                EventApplier.Apply(s, plan, r.Event ?? JsonSerializer.Deserialize(r.Payload.Span, EngineJsonContext.Default.CaseEvent)!, r.At, r.Actor);
            var bytes = JsonBytes.SerializeSnapshot(s);
            _pendingPlan = null;
            _snapshot = Keep(bytes, closed: s.ConcludedAt is not null);
            _bytesVersion = _snapshotVersion;
        }

        /// <summary>A copy of <paramref name="bytes"/>. In the store's shared chunks (no array per case for the collector
        /// to promote: a closed case's snapshot was the largest object the store kept per case) for a case's first
        /// snapshot, for one replacing a snapshot that is still the chunks' last (written over it when no reader was
        /// given it: a case that moves on alone, as in a burst of commands), and for a closed case's (usually its last).
        /// Any other (an open case's, while other cases stored snapshots since its last) goes over the previous one in the
        /// entry's own array when that fits and no reader was given it, else into a new array with room for a quarter
        /// more (a case's snapshot grows as it moves on), so a long open case leaves at most its first snapshot unused in
        /// a chunk.</summary>
        private ReadOnlyMemory<byte> Keep(ReadOnlySpan<byte> bytes, bool closed)
        {
            var shared = Arena.Snapshots;
            if (_snapshot.IsEmpty || closed || shared.IsLast(_snapshot))
            {
                var kept = _ownedGiven ? shared.Append(bytes) : shared.Replace(_snapshot, bytes);
                _owned = null;
                _ownedGiven = false;
                return kept;
            }
            if (_owned is null || _ownedGiven || _owned.Length < bytes.Length)
            {
                _owned = new byte[bytes.Length + bytes.Length / 4];
                _ownedGiven = false;
            }
            bytes.CopyTo(_owned);
            return new ReadOnlyMemory<byte>(_owned, 0, bytes.Length);
        }

        private CaseRecord Given(CaseRecord committed)
        {
            // The record carries the stored snapshot's bytes: they must not change from now on.
            _ownedGiven = true;
            return committed;
        }

        private void Took(ReadOnlyMemory<byte> snapshot, long snapshotVersion)
        {
            if (!snapshot.IsEmpty)
            {
                _snapshot = snapshot;
                _snapshotVersion = _bytesVersion = snapshotVersion;
                _pendingPlan = null;
            }
            _record = null;
            _row = null;
            _rowTask = null;
        }
    }

    /// <summary>A case entry's chain head that is not just its pending part (see <c>CaseEntry._head</c>).</summary>
    private sealed class HeadBox(Audit.ChainLink link)
    {
        public Audit.ChainLink Link { get; } = link;
    }
}
