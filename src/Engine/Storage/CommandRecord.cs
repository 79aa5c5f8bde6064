using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

/// <summary>The remembered result of a command, keyed by its idempotency key.</summary>
/// <remarks>A record the engine builds keeps the result object and serializes it on the first read of
/// <see cref="Result"/> (cached), so a store that never reads it never pays for it.</remarks>
/// <param name="IdempotencyKey">Key given by the caller (unique in the store).</param>
/// <param name="CaseNumber">Case the command acted on.</param>
/// <param name="Result">Serialized result returned to repeats of the command.</param>
public sealed record CommandRecord(string IdempotencyKey, string CaseNumber, ReadOnlyMemory<byte> Result)
{
    private readonly ReadOnlyMemory<byte> _result = Result;
    private readonly CommandResult? _value;
    private byte[]? _lazy;

    /// <summary>A record whose <see cref="Result"/> is serialized from <paramref name="result"/> on first read.</summary>
    internal CommandRecord(string idempotencyKey, CommandResult result) : this(idempotencyKey, result.CaseNumber, default) => _value = result;

    // A copy (with-expression) holds plain bytes.
    private CommandRecord(CommandRecord original)
    {
        IdempotencyKey = original.IdempotencyKey;
        CaseNumber = original.CaseNumber;
        _result = original.Result;
    }

    /// <summary>The result a lazily built record serializes; null for a record given as bytes.</summary>
    internal CommandResult? Value => _value;

    /// <summary>Serialized result returned to repeats of the command.</summary>
    public ReadOnlyMemory<byte> Result
    {
        get => _value is null ? _result : Volatile.Read(ref _lazy) ?? Serialize();
        init => _result = value;
    }

    /// <inheritdoc />
    public bool Equals(CommandRecord? other) =>
        ReferenceEquals(this, other) || (other is not null && string.Equals(IdempotencyKey, other.IdempotencyKey, StringComparison.Ordinal)
            && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal) && Result.Equals(other.Result));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IdempotencyKey, CaseNumber);

    private byte[] Serialize()
    {
        var bytes = JsonBytes.Serialize(_value!, EngineJsonContext.Default.CommandResult);
        Volatile.Write(ref _lazy, bytes);
        return bytes;
    }
}
