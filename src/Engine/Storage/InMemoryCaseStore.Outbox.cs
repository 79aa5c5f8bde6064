using System.Text.Json.Serialization.Metadata;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    // Undelivered messages (pending and dead) in commit order: slot i of the log holds the columns and content of the
    // i-th committed message until it is delivered (no object per message: the message is rebuilt, lazily serialized
    // as before, when read). Delivery state exists only for messages that failed. Every committed id stays findable
    // (its slot, empty once delivered) so a message id can never be committed twice: the engine's ids (case:first:k)
    // through their commit's outbox range in the case's log (no table entry, no string per message), any other id in
    // the id table (as an OutboxMessageKey). A chunk is 1 024 slots of 24 bytes, under the large-object threshold
    // (see InMemoryEventArena). A row of the engine's commit that keeps its result (see KeptCommand) with a shared kind
    // (channel, type, type info, UTC: a handful per store) is compact: its content, extra, commit and kind's number,
    // its id (case:first:k), case and time rebuilt from the commit's record; any other row's slot holds a FullSlot.
    private const int OutboxChunk = 1024;
    private readonly List<OutboxSlot[]?> _outboxChunks = [];
    private long _outboxEnd;
    // No undelivered message sits before this slot (chunks before it are released).
    private long _outboxStart;
    private readonly Dictionary<OutboxMessageKey, long> _outboxById = [];
    private readonly Dictionary<long, DeliveryState> _outboxFailures = [];
    // The kinds slots share, by channel, type and type info (bounded: past the cap a message gets a kind of its own).
    private const int MaxSharedKinds = 1024;
    private readonly Dictionary<(string Channel, string Type, JsonTypeInfo? TypeInfo), OutboxKind> _outboxKinds = [];
    // The shared kind KindOf returned last (under _gate).
    private OutboxKind? _lastKind;
    // Every shared kind (both tables'), by its number − 1 (see OutboxKind.Number): a compact slot names its kind so.
    private readonly List<OutboxKind> _sharedKinds = [];
    // The arena commit whose rows are being appended compact (−1: none; see CommitLocked). Under _gate.
    private int _compactCommit = -1;
    // The kinds of notices kept as their parts (see TryAppendNotice), by everything but the case and task (bounded as above).
    private readonly Dictionary<NoticeShape, OutboxKind> _noticeKinds = [];
    // The notice kinds found last, two per notification kind (under _gate): the engine passes the same instances notice
    // after notice, so most notices match one of these by reference, without hashing their shape (a transfer's notices
    // alternate between two assignees).
    private readonly OutboxKind?[] _recentNoticeKinds = new OutboxKind?[2 * RecentNoticeKinds];
    private const int RecentNoticeKinds = 16;

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var result = new List<PendingMessage>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (var slot = _outboxStart; slot < _outboxEnd && result.Count < limit; slot++)
            {
                if (OutboxAt(slot) is not { } message) continue;
                var caseNumber = message.CaseNumber;
                if (blocked.Contains(caseNumber)) continue;
                _outboxFailures.TryGetValue(slot, out var state);
                // A dead or backing-off message holds back every later message of its case.
                if (state is not null && (state.Dead || state.NextAttemptAt > now))
                {
                    blocked.Add(caseNumber);
                    continue;
                }
                result.Add(new PendingMessage(message, state?.Attempts ?? 0, state?.LastError));
            }
        }
        return Task.FromResult<IReadOnlyList<PendingMessage>>(result);
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (_gate)
        {
            foreach (var id in messageIds)
            {
                if (!TryFindUndelivered(id, out var slot)) continue;
                _outboxChunks[(int)(slot / OutboxChunk)]![slot % OutboxChunk] = default;
                _outboxFailures.Remove(slot);
            }
            // Skip the delivered prefix, releasing every chunk left behind.
            while (_outboxStart < _outboxEnd && !IsUndelivered(_outboxStart))
            {
                _outboxStart++;
                if (_outboxStart % OutboxChunk == 0) _outboxChunks[(int)(_outboxStart / OutboxChunk) - 1] = null;
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            if (TryFindUndelivered(messageId, out var slot))
            {
                if (!_outboxFailures.TryGetValue(slot, out var state)) _outboxFailures.Add(slot, state = new DeliveryState());
                state.Attempts++;
                state.NextAttemptAt = nextAttemptAt;
                state.LastError = error;
                state.Dead = dead;
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            var result = new List<PendingMessage>();
            for (var slot = _outboxStart; slot < _outboxEnd && result.Count < limit; slot++)
            {
                if (OutboxAt(slot) is { } message && _outboxFailures.TryGetValue(slot, out var state) && state.Dead)
                    result.Add(new PendingMessage(message, state.Attempts, state.LastError));
            }
            return Task.FromResult<IReadOnlyList<PendingMessage>>(result);
        }
    }

    /// <inheritdoc />
    public Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        lock (_gate)
        {
            if (!TryFindUndelivered(messageId, out var slot) || !_outboxFailures.TryGetValue(slot, out var state) || !state.Dead)
                return Task.FromResult(false);
            // Due again at once with a fresh attempt count; the last error stays for the record.
            state.Dead = false;
            state.Attempts = 0;
            state.NextAttemptAt = DateTimeOffset.MinValue;
            return Task.FromResult(true);
        }
    }

    /// <summary>True when <paramref name="key"/> is an engine id found by its commit's outbox range (under _gate).</summary>
    private bool InCommitRange(OutboxMessageKey key) =>
        key.Packed >= 0 && _cases.TryGetValue(key.Text, out var entry) && entry.Events.TryFindOutbox(key.First, key.Position, out _);

    /// <summary>True when a message with this id was ever committed (under _gate).</summary>
    private bool IsCommitted(OutboxMessageKey key) => _outboxById.ContainsKey(key) || InCommitRange(key);

    /// <summary>The slot of the undelivered message <paramref name="id"/> (under _gate). An engine id is looked up by
    /// its parts, without copying its case number, unless other writers' ids are in the table.</summary>
    private bool TryFindUndelivered(string id, out long slot)
    {
        slot = -1;
        var found = _outboxById.Count > 0 && _outboxById.TryGetValue(OutboxMessageKey.Parse(id), out slot);
        if (!found && OutboxMessageKey.TryParseParts(id, out var caseNumber, out var first, out var position)
            && _cases.TryGetValue(caseNumber, out var entry))
            found = entry.Events.TryFindOutbox(first, position, out slot);
        return found && slot >= _outboxStart && slot < _outboxEnd && IsUndelivered(slot);
    }

    // Called under _gate after all checks passed (alert writes).
    private void Enqueue(OutboxMessage message)
    {
        var key = OutboxMessageKey.Parse(message.MessageId).Sharing(message.CaseNumber);
        _outboxById.Add(key, _outboxEnd);
        Enqueue(message, key);
    }

    // Called under _gate: the message's id (as key) already maps to the next slot.
    private void Enqueue(OutboxMessage message, OutboxMessageKey key)
    {
        var (value, typeInfo) = message.Content;
        Append(key, message.CaseNumber, message.Channel, message.Type, value ?? LazyBytes.Wrap(message.Payload), typeInfo, message.CreatedAt);
    }

    /// <summary>Appends a message's columns and content (its value to serialize with <paramref name="typeInfo"/>, or its
    /// bytes wrapped by <see cref="LazyBytes"/>) with its id's key. Called under _gate: the id already maps to the next slot.</summary>
    private void Append(OutboxMessageKey key, string caseNumber, string channel, string type, object? content, JsonTypeInfo? typeInfo, DateTimeOffset createdAt)
    {
        var kind = KindOf(key, caseNumber, channel, type, typeInfo, createdAt.Offset);
        AppendSlot(key, kind, content, null, createdAt.UtcTicks);
    }

    // Appends a slot: compact when the rows being appended are a compact commit's and the kind is shared, else a FullSlot.
    private void AppendSlot(OutboxMessageKey key, OutboxKind kind, object? content, object? extra, long createdUtcTicks)
    {
        var chunk = (int)(_outboxEnd / OutboxChunk);
        if (chunk == _outboxChunks.Count) _outboxChunks.Add(new OutboxSlot[OutboxChunk]);
        _outboxChunks[chunk]![_outboxEnd % OutboxChunk] = _compactCommit >= 0 && kind.Number > 0 && OutboxSlot.ExtraCode(extra) is var code and >= 0
            ? new OutboxSlot(content, _compactCommit, kind.Number | (code << OutboxSlot.ExtraShift))
            : new OutboxSlot(new FullSlot(key, kind, content, extra, createdUtcTicks), 0, OutboxSlot.Full);
        _outboxEnd++;
    }

    /// <summary>Appends an engine notice as its parts instead of the object, when it allows it: the slot holds the
    /// case's shared columns and the task id (objects the store keeps anyway), a shared kind its kind, step, extras and
    /// assignee; <see cref="OutboxAt"/> rebuilds an equal notice. A case keeps one notice per task and a few more, and
    /// every collection marks and promotes what the store keeps object by object. False (nothing appended) for a notice
    /// whose parts are its own, whose time is not the message's or not in UTC, or once the shared kinds are full.
    /// Called under _gate: the id already maps to the next slot.</summary>
    private bool TryAppendNotice(OutboxMessageKey key, string caseNumber, string channel, string type, JsonTypeInfo typeInfo, Notification notice, DateTimeOffset createdAt) =>
        notice.TryGetSharedParts(createdAt, out var columns, out var step, out var extras)
        && TryAppendNotice(key, caseNumber, channel, type, typeInfo, new NoticeParts(notice.Kind, columns, notice.TaskId, step, notice.Assignee, extras), createdAt);

    /// <summary><see cref="TryAppendNotice(OutboxMessageKey, string, string, string, JsonTypeInfo, Notification, DateTimeOffset)"/>
    /// for a notice the engine added as its parts (its time is the message's by construction); false when a part is not
    /// shared.</summary>
    private bool TryAppendNotice(OutboxMessageKey key, string caseNumber, string channel, string type, JsonTypeInfo typeInfo, in NoticeParts notice, DateTimeOffset createdAt)
    {
        if (key.Packed < 0 || !string.Equals(key.Text, caseNumber, StringComparison.Ordinal) || createdAt.Offset != TimeSpan.Zero
            || !notice.Case.IsShared || notice.Step is { IsShared: false } || !Notification.AreSharedExtras(notice.Extras)) return false;
        if (RecentNoticeKind(channel, type, typeInfo, notice) is not { } kind)
        {
            var shape = new NoticeShape(channel, type, typeInfo, notice.Kind, notice.Step, notice.Extras, notice.Assignee);
            if (!_noticeKinds.TryGetValue(shape, out kind))
            {
                if (_noticeKinds.Count >= MaxSharedKinds) return false;
                kind = Shared(new OutboxKind(null, channel, type, typeInfo, TimeSpan.Zero) { Notice = notice.Kind, Step = notice.Step, Extras = notice.Extras, Assignee = notice.Assignee });
                _noticeKinds.Add(shape, kind);
            }
            RememberNoticeKind(notice.Kind, kind);
        }
        // The engine's task id as its shared run (the case's id string is then not kept once the case lets go of it).
        var taskId = notice.TaskId is { } id ? NoticeTaskId(caseNumber, id) : null;
        AppendSlot(key, kind, notice.Case, taskId, createdAt.UtcTicks);
        return true;
    }

    // What a notice slot keeps of its task id: its run, else the id. A task's later notices (a transfer's) pass the same
    // id again, which is then not parsed again (the last id, its case and what was kept for it). Under _gate.
    private string? _noticeTaskId;
    private string? _noticeTaskCase;
    private object? _noticeTaskKept;

    private object NoticeTaskId(string caseNumber, string taskId)
    {
        if (ReferenceEquals(taskId, _noticeTaskId) && ReferenceEquals(caseNumber, _noticeTaskCase)) return _noticeTaskKept!;
        _noticeTaskId = taskId;
        _noticeTaskCase = caseNumber;
        return _noticeTaskKept = TaskRun.Of(caseNumber, taskId) ?? (object)taskId;
    }

    // One of the two kinds last found for the notice's kind that is its shape by reference (so by value: the table's
    // answer), or null.
    private OutboxKind? RecentNoticeKind(string channel, string type, JsonTypeInfo typeInfo, in NoticeParts notice)
    {
        var at = 2 * (int)notice.Kind;
        if ((uint)at >= (uint)_recentNoticeKinds.Length) return null;
        for (var i = at; i < at + 2; i++)
        {
            if (_recentNoticeKinds[i] is { } k && ReferenceEquals(k.Assignee, notice.Assignee) && ReferenceEquals(k.Step, notice.Step)
                && ReferenceEquals(k.Extras, notice.Extras) && ReferenceEquals(k.TypeInfo, typeInfo) && ReferenceEquals(k.Channel, channel)
                && ReferenceEquals(k.Type, type)) return k;
        }
        return null;
    }

    // Keeps kind as the newest of its notification kind's two (the older one goes).
    private void RememberNoticeKind(NotificationKind notice, OutboxKind kind)
    {
        var at = 2 * (int)notice;
        if ((uint)at >= (uint)_recentNoticeKinds.Length) return;
        _recentNoticeKinds[at + 1] = _recentNoticeKinds[at];
        _recentNoticeKinds[at] = kind;
    }

    /// <summary>The shared kind for a message whose key names its case (the engine's ids, and other ids of that form)
    /// and whose time is in UTC (the engine's); a kind of its own, carrying the case number and offset, for any other.</summary>
    private OutboxKind KindOf(OutboxMessageKey key, string caseNumber, string channel, string type, JsonTypeInfo? typeInfo, TimeSpan offset)
    {
        if (key.Packed < 0 || !string.Equals(key.Text, caseNumber, StringComparison.Ordinal) || offset != TimeSpan.Zero)
            return new OutboxKind(caseNumber, channel, type, typeInfo, offset);
        // The engine passes the same string instances message after message: the last kind usually matches by reference,
        // which saves hashing two strings per message.
        if (_lastKind is { } last && ReferenceEquals(last.Channel, channel) && ReferenceEquals(last.Type, type) && ReferenceEquals(last.TypeInfo, typeInfo)) return last;
        if (_outboxKinds.TryGetValue((channel, type, typeInfo), out var kind)) return _lastKind = kind;
        if (_outboxKinds.Count >= MaxSharedKinds) return new OutboxKind(null, channel, type, typeInfo, TimeSpan.Zero);
        kind = Shared(new OutboxKind(null, channel, type, typeInfo, TimeSpan.Zero));
        _outboxKinds.Add((channel, type, typeInfo), kind);
        return kind;
    }

    // A new shared kind, numbered (see OutboxKind.Number).
    private OutboxKind Shared(OutboxKind kind)
    {
        _sharedKinds.Add(kind);
        kind.Number = _sharedKinds.Count;
        return kind;
    }

    // Called under _gate; null once delivered.
    private OutboxMessage? OutboxAt(long slot)
    {
        ref readonly var s = ref _outboxChunks[(int)(slot / OutboxChunk)]![slot % OutboxChunk];
        if (s.Kind == OutboxSlot.Empty) return null;
        OutboxKind kind;
        OutboxMessageKey key;
        object? content, extra;
        DateTimeOffset createdAt;
        if (s.Kind == OutboxSlot.Full)
        {
            var full = (FullSlot)s.Content!;
            (key, kind, content, extra) = (full.Key, full.Kind, full.Content, full.Extra);
            createdAt = PackedInstant.Unpack(full.CreatedUtcTicks, kind.Offset);
        }
        else
        {
            // A compact row: its id, case and time are its commit's (see CommitLocked).
            ref readonly var commit = ref _events.CommitAt(s.Commit);
            var result = commit.Result;
            key = OutboxMessageKey.Of(result.CaseNumber!, result.Version - result.EventCount + 1, (int)(slot - commit.OutboxStart));
            kind = _sharedKinds[(s.Kind & OutboxSlot.KindMask) - 1];
            (content, extra) = (s.Content, OutboxSlot.Extra(s.Kind));
            createdAt = commit.At;
        }
        var id = key.ToString();
        var caseNumber = kind.CaseNumber ?? key.Text;
        if (kind.Notice is { } notice)
        {
            var value = Notification.FromParts(notice, (NoticeCase)content!, createdAt, extra is TaskRun run ? run.IdAt(caseNumber, 0) : (string?)extra, kind.Step, kind.Assignee, kind.Extras);
            return new OutboxMessage(id, caseNumber, kind.Channel, kind.Type, value, kind.TypeInfo!, createdAt);
        }
        if (kind.TypeInfo is not null) return new OutboxMessage(id, caseNumber, kind.Channel, kind.Type, content!, kind.TypeInfo, createdAt);
        LazyBytes.TryUnwrap(content, out var payload);
        return new OutboxMessage(id, caseNumber, kind.Channel, kind.Type, payload, createdAt);
    }

    // True while the slot holds an undelivered message (under _gate).
    private bool IsUndelivered(long slot) => _outboxChunks[(int)(slot / OutboxChunk)]![slot % OutboxChunk].Kind != OutboxSlot.Empty;

    /// <summary>A committed message's slot: empty once delivered (<see cref="Kind"/> 0); a <see cref="FullSlot"/> in
    /// <see cref="Content"/> (<see cref="Kind"/> −1); or compact, a row of an engine commit that keeps its result: its
    /// content as a <see cref="FullSlot"/> would hold it, its commit's arena number, and in <see cref="Kind"/> its shared
    /// kind's number and its extra (none, or a notice's task id as its one-id <see cref="TaskRun"/>; any other extra
    /// keeps a full slot). Its id, case and time are the commit's. 16 bytes instead of 48.</summary>
    private readonly record struct OutboxSlot(object? Content, int Commit, int Kind)
    {
        public const int Empty = 0;
        public const int Full = -1;
        // The kind's number in the low 12 bits (two tables of at most MaxSharedKinds each), the extra's code above.
        public const int ExtraShift = 12;
        public const int KindMask = (1 << ExtraShift) - 1;

        /// <summary>The code of a compact slot's extra: 0 for none, the task number + 1 for a one-id run; −1 when not
        /// compact.</summary>
        public static int ExtraCode(object? extra) => extra switch
        {
            null => 0,
            TaskRun { Count: 1 } run => run.First + 1,
            _ => -1,
        };

        /// <summary>The extra a compact slot's <paramref name="kind"/> word names.</summary>
        public static object? Extra(int kind) => (kind >> ExtraShift) is var code and > 0 ? TaskRun.Single(code - 1) : null;
    }

    /// <summary>A committed message's id (as its key: the engine's ids keep no string), kind, content (the value to
    /// serialize with the kind's type info, or the payload bytes, see <see cref="LazyBytes"/>, when it has none; for a
    /// notice kept as its parts, its case columns, with its task id, or that id's <see cref="TaskRun"/>, in <see cref="Extra"/>) and creation time as UTC
    /// ticks (its offset is the kind's).</summary>
    private sealed record FullSlot(OutboxMessageKey Key, OutboxKind Kind, object? Content, object? Extra, long CreatedUtcTicks);

    /// <summary>A message's channel, type, type info and time offset, shared by every UTC slot with the same three whose
    /// key names its case (<see cref="CaseNumber"/> null: the key's text is the case number); else the slot's own, with
    /// its case number and offset.</summary>
    private sealed record OutboxKind(string? CaseNumber, string Channel, string Type, JsonTypeInfo? TypeInfo, TimeSpan Offset)
    {
        /// <summary>For a notice kept as its parts: its kind (null for any other message), and its step, extras and assignee.</summary>
        public NotificationKind? Notice { get; init; }
        public SeatColumns? Step { get; init; }
        public object? Extras { get; init; }
        public string? Assignee { get; init; }

        /// <summary>The kind's number among the store's shared kinds (1-based; 0 for a kind of its own): a compact slot names it.</summary>
        public int Number { get; set; }
    }

    /// <summary>What the notices of a shared kind have in common: the parts are shared objects, compared by reference
    /// (the engine passes the same instances), the assignee by value.</summary>
    private readonly struct NoticeShape(string channel, string type, JsonTypeInfo typeInfo, NotificationKind kind, SeatColumns? step, object? extras, string? assignee)
        : IEquatable<NoticeShape>
    {
        private readonly string _channel = channel;
        private readonly string _type = type;
        private readonly JsonTypeInfo _typeInfo = typeInfo;
        private readonly NotificationKind _kind = kind;
        private readonly SeatColumns? _step = step;
        private readonly object? _extras = extras;
        private readonly string? _assignee = assignee;

        public bool Equals(NoticeShape other) =>
            _kind == other._kind && ReferenceEquals(_step, other._step) && ReferenceEquals(_extras, other._extras) && ReferenceEquals(_typeInfo, other._typeInfo)
            && string.Equals(_assignee, other._assignee, StringComparison.Ordinal) && string.Equals(_channel, other._channel, StringComparison.Ordinal)
            && string.Equals(_type, other._type, StringComparison.Ordinal);

        public override bool Equals(object? obj) => obj is NoticeShape other && Equals(other);

        // The identities and the kind (cheap); the strings only by the assignee's.
        public override int GetHashCode() =>
            HashCode.Combine(_kind, System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_step), System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(_extras), _assignee);
    }

    private sealed class DeliveryState
    {
        public int Attempts { get; set; }
        public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.MinValue;
        public string? LastError { get; set; }
        public bool Dead { get; set; }
    }
}
