using System.Text.Json.Serialization;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Source-generated serializers for everything the engine stores: no reflection on the hot path.
/// Enums are written as names, nulls are omitted, property names are camelCase.
/// <para>No converter is listed in the options: a converter there makes the options incompatible with the generated
/// serialization code, so every type would be written through the metadata-driven converters (a stack of frames per
/// call) instead of its generated fast path. The <see cref="TimeAmountJsonConverter"/> sits on the four stored
/// <c>TimeAmount</c> properties instead (<c>ClockState.Limit</c>, <c>ClockStarted.Limit</c>, <c>ClockExtended.Amount</c>,
/// <c>CaseExtended.Amount</c>); only those types leave the fast path.</para></summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CaseEvent))]
[JsonSerializable(typeof(CaseSnapshot))]
[JsonSerializable(typeof(CommandResult))]
[JsonSerializable(typeof(Notification))]
[JsonSerializable(typeof(ServiceRequestMessage))]
[JsonSerializable(typeof(SubcaseStartMessage))]
[JsonSerializable(typeof(SubcaseDoneMessage))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
