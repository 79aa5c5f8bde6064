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
    private readonly ReadOnlyMemory<byte> _payload = Payload;
    private readonly object? _value;
    private readonly JsonTypeInfo? _typeInfo;
    private byte[]? _lazy;

    /// <summary>A message whose payload is <paramref name="value"/> serialized by <see cref="JsonBytes"/> with
    /// <paramref name="typeInfo"/> on first read.</summary>
    internal OutboxMessage(string messageId, string caseNumber, string channel, string type, object value, JsonTypeInfo typeInfo, DateTimeOffset createdAt)
        : this(messageId, caseNumber, channel, type, default, createdAt)
    {
        _value = value;
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
        _payload = original.Payload;
    }

    /// <summary>The value a lazily built message serializes, with its metadata; nulls for a message given as bytes.</summary>
    internal (object? Value, JsonTypeInfo? TypeInfo) Content => (_value, _typeInfo);

    /// <summary>Serialized message (UTF-8 JSON).</summary>
    public ReadOnlyMemory<byte> Payload
    {
        get => _value is null ? _payload : Volatile.Read(ref _lazy) ?? Serialize();
        init => _payload = value;
    }

    /// <inheritdoc />
    public bool Equals(OutboxMessage? other) =>
        ReferenceEquals(this, other) || (other is not null && CreatedAt == other.CreatedAt
            && string.Equals(MessageId, other.MessageId, StringComparison.Ordinal) && string.Equals(CaseNumber, other.CaseNumber, StringComparison.Ordinal)
            && string.Equals(Channel, other.Channel, StringComparison.Ordinal) && string.Equals(Type, other.Type, StringComparison.Ordinal)
            && Payload.Equals(other.Payload));

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(MessageId, CaseNumber, Channel, Type, CreatedAt);

    private byte[] Serialize()
    {
        var bytes = JsonBytes.Serialize(_value!, _typeInfo!);
        Volatile.Write(ref _lazy, bytes);
        return bytes;
    }
}
