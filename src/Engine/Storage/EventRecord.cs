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
    // Eager values (the public constructor, copies). On a lazy record (_event set) _hash holds the predecessor's link
    // when the predecessor is not known as a record.
    private readonly ReadOnlyMemory<byte> _payload = Payload;
    private readonly ReadOnlyMemory<byte> _hash = Hash;

    // Lazy state: the event, the predecessor record whose link this one follows (dropped once linked, so a chain of
    // records never keeps the whole log reachable), and the cached results. Computed values are plain arrays so a
    // racing reader sees either null or a complete value; two racing computations produce the same bytes.
    private readonly CaseEvent? _event;
    private EventRecord? _previous;
    private byte[]? _lazyPayload;
    private byte[]? _lazyHash;

    /// <summary>A record whose payload and link are computed on first read, from <paramref name="e"/> and the chain
    /// head <paramref name="previous"/>.</summary>
    internal EventRecord(string caseNumber, long sequence, DateTimeOffset at, string actor, string commandKey, CaseEvent e, ChainLink previous)
        : this(caseNumber, sequence, e.TypeName, at, actor, commandKey, default, previous.Record is null ? previous.Bytes : default)
    {
        _event = e;
        _previous = previous.Record;
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
        _payload = original.Payload;
        _hash = original.Hash;
    }

    /// <summary>Serialized event (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get => _event is null ? _payload : Volatile.Read(ref _lazyPayload) ?? SerializePayload();
        init => _payload = value;
    }

    /// <summary>Hash chain link (SHA-256 over the previous hash and the canonical bytes); empty when not chained.</summary>
    public ReadOnlyMemory<byte> Hash
    {
        get => _event is null ? _hash : Volatile.Read(ref _lazyHash) ?? LinkChain();
        init => _hash = value;
    }

    /// <summary>The event a lazily built record serializes; null for a record given as bytes.</summary>
    internal CaseEvent? Event => _event;

    /// <summary>True for a record built from its event whose bytes are still to be computed (tests).</summary>
    internal bool IsPending => _event is not null && (Volatile.Read(ref _lazyPayload) is null || Volatile.Read(ref _lazyHash) is null);

    /// <inheritdoc />
    public bool Equals(EventRecord? other) =>
        ReferenceEquals(this, other) || (other is not null && Sequence == other.Sequence && At == other.At
            && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)
            && string.Equals(Actor, other.Actor, StringComparison.Ordinal) && string.Equals(CommandKey, other.CommandKey, StringComparison.Ordinal)
            && Payload.Equals(other.Payload) && Hash.Equals(other.Hash));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(CaseNumber, Sequence, Type, At, Actor, CommandKey);

    private byte[] SerializePayload()
    {
        var payload = JsonBytes.SerializeEvent(_event!);
        Volatile.Write(ref _lazyPayload, payload);
        return payload;
    }

    /// <summary>Links this record and every pending predecessor, oldest first (a loop, not recursion: a long log of
    /// never-read records must not exhaust the stack).</summary>
    private byte[] LinkChain()
    {
        List<EventRecord>? pending = null;
        for (var r = Volatile.Read(ref _previous); r is { _event: not null } && Volatile.Read(ref r._lazyHash) is null; r = Volatile.Read(ref r._previous))
            (pending ??= []).Add(r);
        if (pending is not null)
        {
            for (var i = pending.Count - 1; i >= 0; i--) pending[i].LinkOne();
        }
        return LinkOne();
    }

    private byte[] LinkOne()
    {
        var previous = Volatile.Read(ref _previous);
        // Read after the predecessor: a null predecessor may mean another thread linked this record meanwhile.
        if (Volatile.Read(ref _lazyHash) is { } done) return done;
        var link = HashChain.Link(previous is null ? _hash.Span : previous.Hash.Span, CaseNumber, Sequence, Type, At, Actor, CommandKey, Payload.Span);
        Volatile.Write(ref _lazyHash, link);
        Volatile.Write(ref _previous, null);
        return link;
    }
}
