using System.Text.Json.Serialization;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>The snapshot's per-node arrays as <see cref="EngineJsonContext"/> would read and write them without its
/// array converters (same options): the converters read through it, and tests compare their output with it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(int[]))]
[JsonSerializable(typeof(long[]))]
[JsonSerializable(typeof(NodeStatus[]))]
[JsonSerializable(typeof(NodeStatus))]
internal sealed partial class PlainArraysJsonContext : JsonSerializerContext;
