namespace OneStop.Engine.Storage;

/// <summary>A message committed with a command and delivered to a host sink at least once, after commit.</summary>
/// <param name="MessageId">Stable id hosts deduplicate by.</param>
/// <param name="CaseNumber">The case it belongs to; delivery is in order per case.</param>
/// <param name="Channel">Which sink: <c>notification</c>, <c>deadline</c>, <c>alert</c>.</param>
/// <param name="Type">Message type within the channel.</param>
/// <param name="Payload">Serialized message (UTF-8 JSON).</param>
/// <param name="CreatedAt">Commit time.</param>
public sealed record OutboxMessage(
    string MessageId,
    string CaseNumber,
    string Channel,
    string Type,
    ReadOnlyMemory<byte> Payload,
    DateTimeOffset CreatedAt);
