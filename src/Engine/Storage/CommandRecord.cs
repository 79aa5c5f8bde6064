namespace OneStop.Engine.Storage;

/// <summary>The remembered result of a command, keyed by its idempotency key.</summary>
/// <param name="IdempotencyKey">Key given by the caller (unique in the store).</param>
/// <param name="CaseNumber">Case the command acted on.</param>
/// <param name="Result">Serialized result returned to repeats of the command.</param>
public sealed record CommandRecord(string IdempotencyKey, string CaseNumber, ReadOnlyMemory<byte> Result);
