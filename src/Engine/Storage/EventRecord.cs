using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

/// <summary>One stored event of a case's append-only log.</summary>
/// <remarks>A record the engine builds for a commit keeps the event itself and its predecessor in the chain: its
/// <see cref="Payload"/> is serialized and its <see cref="Hash"/> linked on first read (then cached), so a store that
/// never reads them (the in-memory store) never pays for them. The values are the ones an eager build would give;
/// a copy made with <c>with</c> holds them as plain bytes.</remarks>
/// <param name="CaseNumber">Case.</param>
/// <param name="Sequence">1-based position in the case's log.</param>
/// <param name="Type">Stable event type name (never a CLR type name).</param>
/// <param name="At">Event time from the engine's TimeProvider.</param>
/// <param name="Actor">Who caused it.</param>
/// <param name="CommandKey">Idempotency key of the command that produced it.</param>
/// <param name="Payload">Serialized event (UTF-8 JSON).</param>
/// <param name="Hash">Hash chain link (SHA-256 over the previous hash and the canonical bytes); empty when not chained.</param>
public sealed record EventRecord(
    string CaseNumber,
    long Sequence,
    string Type,
    DateTimeOffset At,
    string Actor,
    string CommandKey,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<byte> Hash)
{
    // One slot per stored value (see LazyBytes), replaced by its bytes once computed:
    //   _payload: the bytes, or the CaseEvent to serialize;
    //   _hash:    the bytes, or what the link follows — the predecessor's record (dropped once linked, so records
    //             never keep the whole log reachable) or an After holding the predecessor's stored link.
    private object? _payload = LazyBytes.Wrap(Payload);
    private object? _hash = LazyBytes.Wrap(Hash);

    /// <summary>A record whose payload and link are computed on first read, from <paramref name="e"/> and the chain
    /// head <paramref name="previous"/>.</summary>
    internal EventRecord(string caseNumber, long sequence, DateTimeOffset at, string actor, string commandKey, CaseEvent e, ChainLink previous)
        : this(caseNumber, sequence, e.TypeName, at, actor, commandKey, default, default)
    {
        _payload = e;
        _hash = previous.Pending switch
        {
            // A log link follows the log's event just before this one (the head of the row at sequence − 1).
            InMemoryEventLog or CommitEvents when previous.Sequence == sequence - 1 => previous.Pending,
            InMemoryEventLog or CommitEvents => new After(previous.Hash),
            { } record => record,
            null => previous.Bytes.IsEmpty ? After.Start : new After(previous.Bytes),
        };
    }

    // A copy (with-expression) holds plain bytes: edits made to the copy must not re-derive its link.
    private EventRecord(EventRecord original)
    {
        CaseNumber = original.CaseNumber;
        Sequence = original.Sequence;
        Type = original.Type;
        At = original.At;
        Actor = original.Actor;
        CommandKey = original.CommandKey;
        _payload = LazyBytes.Wrap(original.Payload);
        _hash = LazyBytes.Wrap(original.Hash);
    }

    /// <summary>Serialized event (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get
        {
            var value = Volatile.Read(ref _payload);
            return LazyBytes.TryUnwrap(value, out var bytes) ? bytes : Serialize((CaseEvent)value!);
        }
        init => _payload = LazyBytes.Wrap(value);
    }

    /// <summary>Hash chain link (SHA-256 over the previous hash and the canonical bytes); empty when not chained.</summary>
    public ReadOnlyMemory<byte> Hash
    {
        get => LazyBytes.TryUnwrap(Volatile.Read(ref _hash), out var bytes) ? bytes : LinkChain();
        init => _hash = LazyBytes.Wrap(value);
    }

    /// <summary>The event a lazily built record still has to serialize; null once serialized or for stored bytes.</summary>
    internal CaseEvent? Event => Volatile.Read(ref _payload) as CaseEvent;

    /// <summary>What the link of a lazily built record still follows — its predecessor's record, the in-memory log whose
    /// previous event it follows, or <see cref="ChainStart"/> for a case's first event — while neither its payload
    /// nor its link was computed; null otherwise. The in-memory store keeps such a record's event alone when it follows
    /// the store's own log.</summary>
    internal object? PendingPredecessor =>
        Volatile.Read(ref _payload) is CaseEvent && Volatile.Read(ref _hash) is { } state && !LazyBytes.TryUnwrap(state, out _) ? state : null;

    /// <summary>The predecessor of a case's first event (an empty link).</summary>
    internal static object ChainStart => After.Start;

    /// <summary>True while the payload or the link of a lazily built record is still to be computed (tests).</summary>
    internal bool IsPending => Volatile.Read(ref _payload) is CaseEvent || !LazyBytes.TryUnwrap(Volatile.Read(ref _hash), out _);

    /// <inheritdoc />
    public bool Equals(EventRecord? other) =>
        ReferenceEquals(this, other) || (other is not null && Sequence == other.Sequence && At == other.At
            && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)
            && string.Equals(Actor, other.Actor, StringComparison.Ordinal) && string.Equals(CommandKey, other.CommandKey, StringComparison.Ordinal)
            && Payload.Equals(other.Payload) && Hash.Equals(other.Hash));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseNumber, Sequence, Type, At, Actor, CommandKey);

    private byte[] Serialize(CaseEvent e)
    {
        // Two racing readers produce equal bytes; either write wins.
        var bytes = JsonBytes.SerializeEvent(e);
        Volatile.Write(ref _payload, bytes);
        return bytes;
    }

    /// <summary>Links this record and every pending predecessor, oldest first (a loop, not recursion: a long log of
    /// never-read records must not exhaust the stack).</summary>
    private ReadOnlyMemory<byte> LinkChain()
    {
        List<EventRecord>? pending = null;
        for (var r = PendingRecord(Volatile.Read(ref _hash)); r is not null && !r.IsLinked; r = PendingRecord(Volatile.Read(ref r._hash)))
            (pending ??= []).Add(r);
        if (pending is not null)
        {
            for (var i = pending.Count - 1; i >= 0; i--) pending[i].LinkOne();
        }
        return LinkOne();
    }

    /// <summary>The predecessor's record a link state refers to (the last record of a predecessor commit), or null.</summary>
    private static EventRecord? PendingRecord(object? state) => state switch
    {
        EventRecord record => record,
        CommitEvents commit => commit.LastRecord,
        _ => null,
    };

    /// <summary>True when the link is computed (or was given).</summary>
    private bool IsLinked => LazyBytes.TryUnwrap(Volatile.Read(ref _hash), out _);

    private ReadOnlyMemory<byte> LinkOne()
    {
        var state = Volatile.Read(ref _hash);
        if (LazyBytes.TryUnwrap(state, out var done)) return done;
        var previous = state switch
        {
            EventRecord record => record.Hash,
            InMemoryEventLog log => log.LinkAt(Sequence - 1),
            CommitEvents commit => commit.LastRecord.Hash,
            _ => ((After)state!).Previous,
        };
        var link = HashChain.Link(previous.Span, CaseNumber, Sequence, Type, At, Actor, CommandKey, Payload.Span);
        // Replaces the predecessor reference: two racing readers compute equal links.
        Volatile.Write(ref _hash, link);
        return link;
    }

    /// <summary>The stored link a pending record follows (the head of the case row the command read).</summary>
    private sealed class After(ReadOnlyMemory<byte> previous)
    {
        public static readonly After Start = new(ReadOnlyMemory<byte>.Empty);
        public ReadOnlyMemory<byte> Previous { get; } = previous;
    }
}
