using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a command's result and a notification byte for byte as <see cref="EngineJsonContext"/>'s generated
/// handlers do, on the store's writer. Every stored command writes a result and most write a notice; the generated
/// handlers send each enum, nullable value and list through <see cref="JsonSerializer"/> (a converter lookup and a
/// write stack per value), which was most of their cost. Rare members (a notice's correction items, pending
/// materials, promised date, and any enum value without a name) still go through the generated converters.</summary>
/// <remarks><see cref="ResultPropertyNames"/> and <see cref="NotificationPropertyNames"/> list the names in order so
/// a test can check them against the generated metadata (a new property fails it until it is written here too); tests
/// compare the bytes of both writers.</remarks>
internal static class PayloadJsonWriter
{
    /// <summary>The JSON names of a <see cref="CommandResult"/>, in order (the generated metadata's order).</summary>
    internal static readonly string[] ResultPropertyNames = ["caseNumber", "version", "state", "outcome", "eventCount", "openTaskIds", "repeated"];

    /// <summary>The JSON names of a <see cref="Notification"/>, in order (the generated metadata's order).</summary>
    internal static readonly string[] NotificationPropertyNames =
    [
        "kind", "caseNumber", "itemCode", "itemName", "applicant", "at", "items", "reason", "outcome", "procedure", "ended", "taskId", "stepId",
        "role", "department", "assignee", "pendingMaterials", "promisedBy",
    ];

    private static readonly JsonEncodedText[] Result = [.. ResultPropertyNames.Select(n => JsonEncodedText.Encode(n))];
    private static readonly JsonEncodedText[] Notice = [.. NotificationPropertyNames.Select(n => JsonEncodedText.Encode(n))];

    private static readonly byte[][] StateJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.CaseState);
    private static readonly byte[][] OutcomeJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.CaseOutcome);
    private static readonly byte[][] KindJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.NotificationKind);
    private static readonly byte[][] ProcedureJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.SpecialProcedureKind);

    /// <summary>Writes <paramref name="r"/> as <see cref="EngineJsonContext.CommandResult"/>'s generated handler does.</summary>
    public static void Write(Utf8JsonWriter w, CommandResult r)
    {
        var ctx = EngineJsonContext.Default;
        w.WriteStartObject();
        if (r.CaseNumber is { } caseNumber) w.WriteString(Result[0], caseNumber);
        w.WriteNumber(Result[1], r.Version);
        Enum(w, Result[2], StateJson, (int)r.State, r.State, ctx.CaseState);
        if (r.Outcome is { } outcome) Enum(w, Result[3], OutcomeJson, (int)outcome, outcome, ctx.CaseOutcome);
        w.WriteNumber(Result[4], r.EventCount);
        if (r.OpenTaskIds is { } ids) Strings(w, Result[5], ids);
        w.WriteBoolean(Result[6], r.Repeated);
        w.WriteEndObject();
    }

    /// <summary>Writes <paramref name="n"/> as <see cref="EngineJsonContext.Notification"/>'s generated handler does.</summary>
    public static void Write(Utf8JsonWriter w, Notification n)
    {
        var ctx = EngineJsonContext.Default;
        w.WriteStartObject();
        Enum(w, Notice[0], KindJson, (int)n.Kind, n.Kind, ctx.NotificationKind);
        String(w, Notice[1], n.CaseNumber);
        String(w, Notice[2], n.ItemCode);
        String(w, Notice[3], n.ItemName);
        String(w, Notice[4], n.Applicant);
        w.WriteString(Notice[5], n.At);
        if (n.Items is { } items)
        {
            w.WritePropertyName(Notice[6]);
            JsonSerializer.Serialize(w, items, ctx.IReadOnlyListCorrectionItem);
        }
        String(w, Notice[7], n.Reason);
        if (n.Outcome is { } outcome) Enum(w, Notice[8], OutcomeJson, (int)outcome, outcome, ctx.CaseOutcome);
        if (n.Procedure is { } procedure) Enum(w, Notice[9], ProcedureJson, (int)procedure, procedure, ctx.SpecialProcedureKind);
        if (n.Ended is { } ended) w.WriteBoolean(Notice[10], ended);
        String(w, Notice[11], n.TaskId);
        String(w, Notice[12], n.StepId);
        String(w, Notice[13], n.Role);
        String(w, Notice[14], n.Department);
        String(w, Notice[15], n.Assignee);
        if (n.PendingMaterials is { } pending) Strings(w, Notice[16], pending);
        if (n.PromisedBy is { } promisedBy)
        {
            w.WritePropertyName(Notice[17]);
            JsonSerializer.Serialize(w, promisedBy, ctx.DateOnly);
        }
        w.WriteEndObject();
    }

    // Nulls are left out (the context's WhenWritingNull), as the generated handler does for every reference.
    private static void String(Utf8JsonWriter w, JsonEncodedText name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static void Strings(Utf8JsonWriter w, JsonEncodedText name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        for (var k = 0; k < values.Count; k++)
        {
            if (values[k] is { } v) w.WriteStringValue(v);
            else w.WriteNullValue();
        }
        w.WriteEndArray();
    }

    private static void Enum<T>(Utf8JsonWriter w, JsonEncodedText name, byte[][] table, int index, T value, JsonTypeInfo<T> typeInfo)
    {
        w.WritePropertyName(name);
        // A value without a name of its own (never written by the engine) goes through the generated converter.
        if ((uint)index < (uint)table.Length && table[index] is { } json) w.WriteRawValue(json, skipInputValidation: true);
        else JsonSerializer.Serialize(w, value, typeInfo);
    }
}
