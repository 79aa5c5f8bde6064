using System.Text.Json.Serialization.Metadata;

namespace OneStop.Engine.Pipeline;

/// <summary>An outbox row a command adds: its payload as bytes, or as a value serialized (by
/// <see cref="Serialization.JsonBytes"/>) only when a store or the dispatcher reads it.</summary>
/// <param name="Channel">Outbox channel.</param>
/// <param name="Type">Message type within the channel.</param>
/// <param name="Bytes">The serialized payload, or null when <paramref name="Value"/> is given.</param>
/// <param name="Value">The payload's value, serialized lazily with <paramref name="TypeInfo"/>.</param>
/// <param name="TypeInfo">Source-generated metadata of <paramref name="Value"/>.</param>
internal readonly record struct OutboxItem(string Channel, string Type, byte[]? Bytes, object? Value, JsonTypeInfo? TypeInfo);
