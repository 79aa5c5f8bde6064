using System.Text.Json.Serialization;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Source-generated serializers for everything the engine stores: no reflection on the hot path.
/// Enums are written as names, nulls are omitted, property names are camelCase.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    Converters = [typeof(TimeAmountJsonConverter)])]
[JsonSerializable(typeof(CaseEvent))]
[JsonSerializable(typeof(CaseSnapshot))]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(ServiceRequestMessage))]
[JsonSerializable(typeof(SubcaseStartMessage))]
[JsonSerializable(typeof(SubcaseDoneMessage))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
