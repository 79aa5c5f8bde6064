using System.Text.Json.Serialization;

namespace OneStop.Engine.Clocks;

/// <summary>Source-generated serializer of the deadline outbox payload.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(DeadlineEvent))]
internal sealed partial class ClockJsonContext : JsonSerializerContext;
