using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a <see cref="CaseSnapshot"/> byte for byte as <see cref="EngineJsonContext.CaseSnapshot"/>'s
/// source-generated serializer does, but each per-node array (and each enum) as one raw value instead of one writer call
/// per element: those arrays were half of the snapshot's serialization time. A converter on those properties would turn
/// the generated fast path off for the whole snapshot (session 8), so this writer replaces the snapshot's own level and
/// hands every nested object (form, materials, tasks, evaluations, rare values) to the generated serializers, except the
/// clocks, which <see cref="ClockJsonWriter"/> writes the same way.</summary>
/// <remarks>Property names, order and null conditions follow the generated handler; <see cref="PropertyNames"/> lists
/// them so a test can check them against the generated metadata (a new snapshot property fails it until it is written
/// here too), and tests compare the bytes of both writers.</remarks>
internal static class SnapshotJsonWriter
{
    /// <summary>The JSON names this writer writes, in order (the generated metadata's order).</summary>
    internal static readonly string[] PropertyNames =
    [
        "schema", "caseNumber", "itemCode", "itemVersion", "contentHash", "department", "kind", "applicant", "parentCase",
        "parentNode", "parentToken", "state", "outcome", "version", "submittedAt", "updatedAt", "acceptedAt", "decidedAt",
        "concludedAt", "form", "materials", "correctionNotices", "pendingMaterials", "pendingDue", "extended",
        "suspendedFor", "fee", "returns", "nextTask", "status", "cursor", "approve", "deny", "abstain", "done", "token",
        "tasks", "clocks", "evaluations",
    ];

    private static readonly JsonEncodedText[] Names = Array.ConvertAll(PropertyNames, n => JsonEncodedText.Encode(n));

    // Each enum value's JSON (a quoted name) as the generated converters write it, indexed by the value.
    private static readonly byte[][] StatusJson = EnumJson(EngineJsonContext.Default.NodeStatus);
    private static readonly byte[][] KindJson = EnumJson(EngineJsonContext.Default.ItemKind);
    private static readonly byte[][] StateJson = EnumJson(EngineJsonContext.Default.CaseState);
    private static readonly byte[][] OutcomeJson = EnumJson(EngineJsonContext.Default.CaseOutcome);

    /// <summary>Writes <paramref name="s"/> as the generated serializer would (then flush the writer as it does).</summary>
    public static void Write(Utf8JsonWriter writer, CaseSnapshot s)
    {
        var ctx = EngineJsonContext.Default;
        writer.WriteStartObject();
        writer.WriteNumber(Names[0], s.Schema);
        if (s.CaseNumber is { } caseNumber) writer.WriteString(Names[1], caseNumber);
        if (s.ItemCode is { } itemCode) WritePlanString(writer, Names[2], itemCode, ref s_itemCode);
        writer.WriteNumber(Names[3], s.ItemVersion);
        if (s.ContentHash is { } contentHash) WritePlanString(writer, Names[4], contentHash, ref s_contentHash);
        if (s.Department is { } department) WritePlanString(writer, Names[5], department, ref s_department);
        WriteEnum(writer, Names[6], KindJson, (int)s.Kind, s.Kind, ctx.ItemKind);
        if (s.Applicant is { } applicant) writer.WriteString(Names[7], applicant);
        if (s.ParentCase is { } parentCase) writer.WriteString(Names[8], parentCase);
        writer.WriteNumber(Names[9], s.ParentNode);
        writer.WriteNumber(Names[10], s.ParentToken);
        WriteEnum(writer, Names[11], StateJson, (int)s.State, s.State, ctx.CaseState);
        if (s.Outcome is { } outcome) WriteEnum(writer, Names[12], OutcomeJson, (int)outcome, outcome, ctx.CaseOutcome);
        writer.WriteNumber(Names[13], s.Version);
        writer.WriteString(Names[14], s.SubmittedAt);
        writer.WriteString(Names[15], s.UpdatedAt);
        // The nullable converter writes the value as the plain DateTimeOffset converter does (WriteStringValue).
        if (s.AcceptedAt is { } acceptedAt) writer.WriteString(Names[16], acceptedAt);
        if (s.DecidedAt is { } decidedAt) writer.WriteString(Names[17], decidedAt);
        if (s.ConcludedAt is { } concludedAt) writer.WriteString(Names[18], concludedAt);
        if (s.Form is { } form)
        {
            Nested(writer, Names[19], form, ctx.DictionaryStringString);
        }
        if (s.Materials is { } materials)
        {
            Nested(writer, Names[20], materials, ctx.ListString);
        }
        writer.WriteNumber(Names[21], s.CorrectionNotices);
        if (s.PendingMaterials is { } pending)
        {
            Nested(writer, Names[22], pending, ctx.ListString);
        }
        if (s.PendingDue is { } pendingDue)
        {
            Nested(writer, Names[23], pendingDue, ctx.NullableDateOnly);
        }
        writer.WriteBoolean(Names[24], s.Extended);
        if (s.SuspendedFor is { } suspendedFor)
        {
            Nested(writer, Names[25], suspendedFor, ctx.NullableSpecialProcedureKind);
        }
        if (s.Fee is { } fee)
        {
            Nested(writer, Names[26], fee, ctx.NullableDecimal);
        }
        writer.WriteNumber(Names[27], s.Returns);
        writer.WriteNumber(Names[28], s.NextTask);
        if (s.Status is { } status) WriteStatus(writer, Names[29], status);
        if (s.Cursor is { } cursor) WriteNumbers(writer, Names[30], cursor, 11);
        if (s.Approve is { } approve) WriteNumbers(writer, Names[31], approve, 11);
        if (s.Deny is { } deny) WriteNumbers(writer, Names[32], deny, 11);
        if (s.Abstain is { } abstain) WriteNumbers(writer, Names[33], abstain, 11);
        if (s.Done is { } done) WriteNumbers(writer, Names[34], done, 20);
        if (s.Token is { } token) WriteNumbers(writer, Names[35], token, 20);
        if (s.Tasks is { } tasks)
        {
            Nested(writer, Names[36], tasks, ctx.ListTaskState);
        }
        if (s.Clocks is { } clocks)
        {
            writer.WritePropertyName(Names[37]);
            ClockJsonWriter.Write(writer, clocks);
        }
        if (s.Evaluations is { } evaluations)
        {
            Nested(writer, Names[38], evaluations, ctx.ListEvaluationState);
        }
        writer.WriteEndObject();
    }

    // The item code, content hash and department come from the case's plan: every case of an item shares the same
    // strings, so each is escaped and transcoded once (per writer encoder) instead of in every snapshot. The last one
    // seen per property is kept; a race only costs another encoding.
    private sealed class Encoded(string text, System.Text.Encodings.Web.JavaScriptEncoder? encoder, JsonEncodedText json)
    {
        public string Text { get; } = text;
        public System.Text.Encodings.Web.JavaScriptEncoder? Encoder { get; } = encoder;
        public JsonEncodedText Json { get; } = json;
    }

    private static Encoded? s_itemCode;
    private static Encoded? s_contentHash;
    private static Encoded? s_department;

    // The writer escapes a JsonEncodedText's value with the encoder it was made with, exactly as it escapes a string
    // with its own: the same bytes.
    private static void WritePlanString(Utf8JsonWriter writer, JsonEncodedText name, string value, ref Encoded? last)
    {
        var encoder = writer.Options.Encoder;
        if (last is not { } known || !ReferenceEquals(known.Text, value) || !ReferenceEquals(known.Encoder, encoder))
            last = known = new Encoded(value, encoder, JsonEncodedText.Encode(value, encoder));
        writer.WriteString(name, known.Json);
    }

    // The generated handler itself where there is one (as the generated snapshot handler calls it), else the serializer.
    private static void Nested<T>(Utf8JsonWriter writer, JsonEncodedText name, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WritePropertyName(name);
        if (typeInfo.SerializeHandler is { } handler) handler(writer, value);
        else JsonSerializer.Serialize(writer, value, typeInfo);
    }

    private static void WriteEnum<T>(Utf8JsonWriter writer, JsonEncodedText name, byte[][] table, int index, T value, JsonTypeInfo<T> typeInfo)
    {
        writer.WritePropertyName(name);
        // A value without a name of its own (never written by the engine) goes through the generated converter.
        if ((uint)index < (uint)table.Length && table[index] is { } json) writer.WriteRawValue(json, skipInputValidation: true);
        else JsonSerializer.Serialize(writer, value, typeInfo);
    }

    private static void WriteStatus(Utf8JsonWriter writer, JsonEncodedText name, NodeStatus[] values)
    {
        writer.WritePropertyName(name);
        var table = StatusJson;
        var length = 2;
        foreach (var v in values)
        {
            if ((uint)v >= (uint)table.Length || table[(int)v] is null)
            {
                JsonSerializer.Serialize(writer, values, EngineJsonContext.Default.NodeStatusArray);
                return;
            }
            length += table[(int)v].Length + 1;
        }
        byte[]? rented = null;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var at = 0;
        buffer[at++] = (byte)'[';
        for (var k = 0; k < values.Length; k++)
        {
            if (k > 0) buffer[at++] = (byte)',';
            var json = table[(int)values[k]];
            json.CopyTo(buffer[at..]);
            at += json.Length;
        }
        buffer[at++] = (byte)']';
        writer.WriteRawValue(buffer[..at], skipInputValidation: true);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    // The invariant default format is what Utf8JsonWriter.WriteNumberValue writes for int and long; maxDigits is the
    // longest value's length with its sign.
    private static void WriteNumbers<T>(Utf8JsonWriter writer, JsonEncodedText name, T[] values, int maxDigits)
        where T : struct, IBinaryInteger<T>
    {
        writer.WritePropertyName(name);
        var length = 2 + values.Length * (maxDigits + 1);
        byte[]? rented = null;
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var at = 0;
        buffer[at++] = (byte)'[';
        for (var k = 0; k < values.Length; k++)
        {
            if (k > 0) buffer[at++] = (byte)',';
            var v = values[k];
            // Most counters are one digit (the formatter writes those the same way).
            if (ulong.CreateTruncating(v) < 10) buffer[at++] = (byte)('0' + int.CreateTruncating(v));
            else
            {
                v.TryFormat(buffer[at..], out var written, default, CultureInfo.InvariantCulture);
                at += written;
            }
        }
        buffer[at++] = (byte)']';
        writer.WriteRawValue(buffer[..at], skipInputValidation: true);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>Each value's JSON (a quoted name) as the generated converter writes it, indexed by the value; null where
    /// a value has no name.</summary>
    internal static byte[][] EnumJson<T>(JsonTypeInfo<T> typeInfo) where T : struct, Enum
    {
        var values = Enum.GetValues<T>();
        var table = new byte[values.Length == 0 ? 0 : values.Max(v => Convert.ToInt32(v, CultureInfo.InvariantCulture)) + 1][];
        foreach (var v in values)
        {
            var index = Convert.ToInt32(v, CultureInfo.InvariantCulture);
            if (index >= 0) table[index] = JsonSerializer.SerializeToUtf8Bytes(v, typeInfo);
        }
        return table;
    }
}
