using System.Collections;
using Audit = OneStop.Engine.Audit;
using OneStop.Engine.Events;

namespace OneStop.Engine.Storage;

/// <summary>The events of one engine commit as the <see cref="CaseCommit.Events"/> list: the events and the columns
/// they share (case, time, actor, command key, first sequence) and the chain head they follow. The records are built
/// — all at once, lazily computing their payloads and links as before — only when a store indexes the list; the
/// in-memory store reads the events directly (<see cref="InMemoryEventLog.AddCommit"/>) and never builds them.</summary>
internal sealed class CommitEvents : IReadOnlyList<EventRecord>
{
    // A copy of the events; a single event (most task actions) is kept without an array.
    private readonly CaseEvent[]? _events;
    private readonly CaseEvent _single = null!;
    private EventRecord[]? _records;

    /// <summary>A copy of <paramref name="events"/> of <paramref name="caseNumber"/> from sequence <paramref name="first"/>,
    /// following <paramref name="previous"/> in the hash chain.</summary>
    public CommitEvents(string caseNumber, long first, DateTimeOffset at, string actor, string commandKey, IReadOnlyList<CaseEvent> events, Audit.ChainLink previous)
    {
        CaseNumber = caseNumber;
        First = first;
        At = at;
        Actor = actor;
        CommandKey = commandKey;
        if (events.Count == 1) _single = events[0];
        else
        {
            _events = new CaseEvent[events.Count];
            for (var i = 0; i < _events.Length; i++) _events[i] = events[i];
        }
        Previous = previous;
    }

    /// <summary>The case.</summary>
    public string CaseNumber { get; }
    /// <summary>Sequence of the first event.</summary>
    public long First { get; }
    /// <summary>Commit time.</summary>
    public DateTimeOffset At { get; }
    /// <summary>Who caused the events.</summary>
    public string Actor { get; }
    /// <summary>Idempotency key of the command.</summary>
    public string CommandKey { get; }
    /// <summary>The chain head the first event follows.</summary>
    public Audit.ChainLink Previous { get; }

    /// <summary>The events, in order (not to be changed).</summary>
    public ReadOnlySpan<CaseEvent> Events => _events ?? new ReadOnlySpan<CaseEvent>(in _single);

    /// <inheritdoc />
    public int Count => _events?.Length ?? 1;

    /// <inheritdoc />
    public EventRecord this[int index] => Records[index];

    /// <summary>The record of the last event.</summary>
    public EventRecord LastRecord => Records[^1];

    /// <summary>The records, built together on first use (each follows the one before it), so every reader sees the
    /// same objects.</summary>
    private EventRecord[] Records
    {
        get
        {
            if (Volatile.Read(ref _records) is { } built) return built;
            var events = Events;
            var records = new EventRecord[events.Length];
            var previous = Previous;
            for (var i = 0; i < records.Length; i++)
            {
                records[i] = new EventRecord(CaseNumber, First + i, At, Actor, CommandKey, events[i], previous);
                previous = new Audit.ChainLink(records[i], default);
            }
            // Two racing readers: the first array wins, so the records and their chain stay one.
            return Interlocked.CompareExchange(ref _records, records, null) ?? records;
        }
    }

    /// <inheritdoc />
    public IEnumerator<EventRecord> GetEnumerator() => ((IEnumerable<EventRecord>)Records).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
