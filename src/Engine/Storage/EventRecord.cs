namespace OneStop.Engine.Storage;

/// <summary>One stored event of a case's append-only log.</summary>
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
    ReadOnlyMemory<byte> Hash);
