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
    // The bytes (see LazyBytes), or the CommandResult to serialize.
    private object? _result = LazyBytes.Wrap(Result);

    /// <summary>A record whose <see cref="Result"/> is serialized from <paramref name="result"/> on first read.</summary>
    internal CommandRecord(string idempotencyKey, CommandResult result) : this(idempotencyKey, result.CaseNumber, default) => _result = result;

    // A copy (with-expression) holds plain bytes.
    private CommandRecord(CommandRecord original)
    {
        IdempotencyKey = original.IdempotencyKey;
        CaseNumber = original.CaseNumber;
        _result = LazyBytes.Wrap(original.Result);
    }

    /// <summary>The result a lazily built record still has to serialize; null once serialized or for stored bytes.</summary>
    internal CommandResult? Value => Volatile.Read(ref _result) as CommandResult;

    /// <summary>Serialized result returned to repeats of the command.</summary>
    public ReadOnlyMemory<byte> Result
    {
        get
        {
            var value = Volatile.Read(ref _result);
            if (LazyBytes.TryUnwrap(value, out var bytes)) return bytes;
            // Two racing readers produce equal bytes; either write wins.
            var serialized = JsonBytes.Serialize((CommandResult)value!, EngineJsonContext.Default.CommandResult);
            Volatile.Write(ref _result, serialized);
            return serialized;
        }
        init => _result = LazyBytes.Wrap(value);
    }

    /// <inheritdoc />
    public bool Equals(CommandRecord? other) =>
        ReferenceEquals(this, other) || (other is not null && string.Equals(IdempotencyKey, other.IdempotencyKey, StringComparison.Ordinal)
            && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal) && Result.Equals(other.Result));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IdempotencyKey, CaseNumber);
}
