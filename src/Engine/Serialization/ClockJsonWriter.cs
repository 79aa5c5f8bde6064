using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneStop.Definitions;
using OneStop.Engine.Clocks;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a snapshot's clocks byte for byte as <see cref="EngineJsonContext.ListClockState"/>'s source-generated
/// serializer does, but each enum (kind, status, the limit's unit, a threshold's level) as one raw value and each
/// optional instant with the writer's own call: the generated handler sends every enum and nullable instant through
/// <see cref="JsonSerializer"/> (a converter lookup and a write stack per value, six to nine per clock), which made the
/// clocks about 60 % of a snapshot's serialization on the SQLite path.</summary>
/// <remarks>Property names, order and null conditions follow the generated handlers; <see cref="ClockPropertyNames"/>
/// and <see cref="ThresholdPropertyNames"/> list them so a test can check them against the generated metadata (a new
/// property fails it until it is written here too), and tests compare the bytes of both writers.</remarks>
internal static class ClockJsonWriter
{
    /// <summary>The JSON names of a clock, in order (the generated metadata's order).</summary>
    internal static readonly string[] ClockPropertyNames =
    [
        "id", "kind", "node", "stepId", "limit", "startedAt", "dueAt", "budgetMinutes", "provisional", "status", "pausedAt",
        "pausedMinutes", "extended", "stoppedAt", "stopReason", "thresholds",
    ];

    /// <summary>The JSON names of a threshold, in order (the generated metadata's order).</summary>
    internal static readonly string[] ThresholdPropertyNames = ["id", "level", "at", "firedAt", "isTimeout"];

    private static readonly JsonEncodedText[] Clock = Array.ConvertAll(ClockPropertyNames, n => JsonEncodedText.Encode(n));
    private static readonly JsonEncodedText[] Threshold = Array.ConvertAll(ThresholdPropertyNames, n => JsonEncodedText.Encode(n));
    private static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
    private static readonly JsonEncodedText Unit = JsonEncodedText.Encode("unit");

    private static readonly byte[][] KindJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.ClockKind);
    private static readonly byte[][] StatusJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.ClockStatus);
    private static readonly byte[][] UnitJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.TimeUnit);
    private static readonly byte[][] LevelJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.AlertLevel);

    /// <summary>Writes <paramref name="clocks"/> (the value of the snapshot's <c>clocks</c> property) as the generated handler would.</summary>
    public static void Write(Utf8JsonWriter writer, List<ClockState> clocks)
    {
        writer.WriteStartArray();
        for (var i = 0; i < clocks.Count; i++)
        {
            if (clocks[i] is { } c) WriteClock(writer, c);
            else writer.WriteNullValue();
        }
        writer.WriteEndArray();
    }

    private static void WriteClock(Utf8JsonWriter writer, ClockState c)
    {
        var ctx = EngineJsonContext.Default;
        writer.WriteStartObject();
        if (c.Id is { } id) writer.WriteString(Clock[0], id);
        WriteEnum(writer, Clock[1], KindJson, (int)c.Kind, c.Kind, ctx.ClockKind);
        writer.WriteNumber(Clock[2], c.Node);
        if (c.StepId is { } stepId) writer.WriteString(Clock[3], stepId);
        writer.WritePropertyName(Clock[4]);
        var limit = c.Limit;
        writer.WriteStartObject();
        writer.WriteNumber(Value, limit.Value);
        WriteEnum(writer, Unit, UnitJson, (int)limit.Unit, limit.Unit, ctx.TimeUnit);
        writer.WriteEndObject();
        writer.WriteString(Clock[5], c.StartedAt);
        writer.WriteString(Clock[6], c.DueAt);
        writer.WriteNumber(Clock[7], c.BudgetMinutes);
        writer.WriteBoolean(Clock[8], c.Provisional);
        WriteEnum(writer, Clock[9], StatusJson, (int)c.Status, c.Status, ctx.ClockStatus);
        // The nullable converter writes the value as the plain DateTimeOffset converter does (WriteStringValue).
        if (c.PausedAt is { } pausedAt) writer.WriteString(Clock[10], pausedAt);
        writer.WriteNumber(Clock[11], c.PausedMinutes);
        writer.WriteBoolean(Clock[12], c.Extended);
        if (c.StoppedAt is { } stoppedAt) writer.WriteString(Clock[13], stoppedAt);
        if (c.StopReason is { } stopReason) writer.WriteString(Clock[14], stopReason);
        if (c.Thresholds is { } thresholds)
        {
            writer.WritePropertyName(Clock[15]);
            writer.WriteStartArray();
            for (var k = 0; k < thresholds.Count; k++)
            {
                if (thresholds[k] is { } t) WriteThreshold(writer, t);
                else writer.WriteNullValue();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    private static void WriteThreshold(Utf8JsonWriter writer, ThresholdState t)
    {
        writer.WriteStartObject();
        if (t.Id is { } id) writer.WriteString(Threshold[0], id);
        WriteEnum(writer, Threshold[1], LevelJson, (int)t.Level, t.Level, EngineJsonContext.Default.AlertLevel);
        writer.WriteString(Threshold[2], t.At);
        if (t.FiredAt is { } firedAt) writer.WriteString(Threshold[3], firedAt);
        writer.WriteBoolean(Threshold[4], t.IsTimeout);
        writer.WriteEndObject();
    }

    private static void WriteEnum<T>(Utf8JsonWriter writer, JsonEncodedText name, byte[][] table, int index, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WritePropertyName(name);
        // A value without a name of its own (never written by the engine) goes through the generated converter.
        if ((uint)index < (uint)table.Length && table[index] is { } json) writer.WriteRawValue(json, skipInputValidation: true);
        else JsonSerializer.Serialize(writer, value, typeInfo);
    }
}
