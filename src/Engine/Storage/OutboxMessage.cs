using System.Text.Json.Serialization.Metadata;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

/// <summary>A message committed with a command and delivered to a host sink at least once, after commit.</summary>
/// <remarks>A message the engine builds may keep its content object and serialize it on the first read of
/// <see cref="Payload"/> (cached), so a store that keeps messages in memory pays for the bytes only on delivery.</remarks>
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
    DateTimeOffset CreatedAt)
{
    // The bytes (see LazyBytes), or the value to serialize with _typeInfo (never itself a byte array).
    private object? _payload = LazyBytes.Wrap(Payload);
    private readonly JsonTypeInfo? _typeInfo;

    /// <summary>A message whose payload is <paramref name="value"/> serialized by <see cref="JsonBytes"/> with
    /// <paramref name="typeInfo"/> on first read.</summary>
    internal OutboxMessage(string messageId, string caseNumber, string channel, string type, object value, JsonTypeInfo typeInfo, DateTimeOffset createdAt)
        : this(messageId, caseNumber, channel, type, default, createdAt)
    {
        _payload = value;
        _typeInfo = typeInfo;
    }

    // A copy (with-expression) holds plain bytes.
    private OutboxMessage(OutboxMessage original)
    {
        MessageId = original.MessageId;
        CaseNumber = original.CaseNumber;
        Channel = original.Channel;
        Type = original.Type;
        CreatedAt = original.CreatedAt;
        _payload = LazyBytes.Wrap(original.Payload);
    }

    /// <summary>The value a lazily built message still has to serialize, with its metadata; nulls otherwise.</summary>
    internal (object? Value, JsonTypeInfo? TypeInfo) Content =>
        Volatile.Read(ref _payload) is var value && LazyBytes.TryUnwrap(value, out _) ? (null, null) : (value, _typeInfo);

    /// <summary>Serialized message (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get
        {
            var value = Volatile.Read(ref _payload);
            if (LazyBytes.TryUnwrap(value, out var bytes)) return bytes;
            // Two racing readers produce equal bytes; either write wins.
            var serialized = JsonBytes.Serialize(value!, _typeInfo!);
            Volatile.Write(ref _payload, serialized);
            return serialized;
        }
        init => _payload = LazyBytes.Wrap(value);
    }

    /// <inheritdoc />
    public bool Equals(OutboxMessage? other) =>
        ReferenceEquals(this, other) || (other is not null && CreatedAt == other.CreatedAt
            && string.Equals(MessageId, other.MessageId, StringComparison.Ordinal) && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal)
            && string.Equals(Channel, other.Channel, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)
            && Payload.Equals(other.Payload));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MessageId, CaseNumber, Channel, Type, CreatedAt);
}
