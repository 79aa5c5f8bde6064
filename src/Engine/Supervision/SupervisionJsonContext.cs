using System.Text.Json.Serialization;

namespace OneStop.Engine.Supervision;

/// <summary>Source-generated serializer of alert outbox payloads (camelCase, enums as names, nulls omitted).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(Alert))]
internal sealed partial class SupervisionJsonContext : JsonSerializerContext;
