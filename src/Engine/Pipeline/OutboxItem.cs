using System.Text.Json.Serialization.Metadata;

namespace OneStop.Engine.Pipeline;

/// <summary>An outbox row a command adds: its payload as bytes, or as a value serialized (by
/// <see cref="Serialization.JsonBytes"/>) only when a store or the dispatcher reads it.</summary>
/// <param name="Channel">Outbox channel.</param>
/// <param name="Type">Message type within the channel.</param>
/// <param name="Payload">The serialized payload (a byte array) when <paramref name="TypeInfo"/> is null, else the value to
/// serialize (for an engine notice kept as <see cref="Notice"/>: its case columns).</param>
/// <param name="TypeInfo">Source-generated metadata of a value payload; null for bytes.</param>
internal readonly record struct OutboxItem(string Channel, string Type, object Payload, JsonTypeInfo? TypeInfo)
{
    /// <summary>An engine notice's parts, when the row is one whose object was not built (see <see cref="NoticeParts"/>).</summary>
    public NoticeParts? Notice { get; init; }

    /// <summary>The payload to serialize (or its bytes): the notice built from <see cref="Notice"/> at
    /// <paramref name="at"/> (the commit's time) for a notice kept as parts, else <see cref="Payload"/>.</summary>
    public object ValueAt(DateTimeOffset at) => Notice is { } notice ? notice.ToNotification(at) : Payload;
}
