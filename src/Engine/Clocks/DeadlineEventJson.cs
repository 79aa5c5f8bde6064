using System.Buffers;
using System.Text.Json;
using OneStop.Definitions;

namespace OneStop.Engine.Clocks;

/// <summary>Writes and reads the deadline outbox payload (<see cref="DeadlineEvent"/>) by hand, with the bytes and the
/// values of <see cref="ClockJsonContext"/>'s generated serializer. The generated writer sends each enum, the working
/// time and both lists through <see cref="JsonSerializer"/> (a converter lookup and a write stack each), and the
/// generated reader takes a record with <c>required</c> members through System.Text.Json's parameterised-constructor
/// path (≈ 12–19 µs a message on the SQLite path, once per firing). Anything this reader does not expect (a property
/// it does not know, a duplicate, a null, a number for an enum, an escaped name, a missing required member) goes to
/// the generated reader, which gives the same value or the same error.</summary>
/// <remarks><see cref="PropertyNames"/> lists the names in order so a test can check them against the generated
/// metadata (a new property fails it until it is handled here too); tests compare bytes and values of both.</remarks>
internal static class DeadlineEventJson
{
    /// <summary>The JSON names of a deadline event, in order (the generated metadata's order).</summary>
    internal static readonly string[] PropertyNames =
    [
        "eventId", "caseNumber", "itemCode", "itemName", "department", "clockId", "clock", "stepId", "thresholdId", "level", "isTimeout",
        "dueAt", "thresholdAt", "firedAt", "remaining", "remainingText", "isProvisional", "assignees", "roles", "outcome", "escalatedTo",
    ];

    private static readonly JsonEncodedText[] Names = [.. PropertyNames.Select(n => JsonEncodedText.Encode(n))];
    private static readonly byte[][] Utf8Names = [.. PropertyNames.Select(n => System.Text.Encoding.UTF8.GetBytes(n))];
    private static readonly JsonEncodedText Minutes = JsonEncodedText.Encode("minutes");
    private static readonly JsonEncodedText IsNegative = JsonEncodedText.Encode("isNegative");

    // The enums' names as the generated serializer writes them (no naming policy: the C# names).
    private static readonly (string Name, JsonEncodedText Json)[] KindNames = EnumNames<ClockKind>();
    private static readonly (string Name, JsonEncodedText Json)[] LevelNames = EnumNames<AlertLevel>();
    private static readonly (string Name, JsonEncodedText Json)[] OutcomeNames = EnumNames<DeadlineOutcome>();

    // The generated serializer's writer options: the context's encoder (the default, which escapes non-ASCII text).
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = ClockJsonContext.Default.Options.Encoder, SkipValidation = true };

    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>The UTF-8 JSON of <paramref name="e"/>: the bytes of <c>JsonSerializer.SerializeToUtf8Bytes(e, ClockJsonContext.Default.DeadlineEvent)</c>.</summary>
    public static byte[] Serialize(DeadlineEvent e)
    {
        if (!Named(KindNames, (int)e.Clock) || !Named(LevelNames, (int)e.Level) || !Named(OutcomeNames, (int)e.Outcome))
            return JsonSerializer.SerializeToUtf8Bytes(e, ClockJsonContext.Default.DeadlineEvent);
        // Taken, not shared: serialization never awaits, and a nested call would get its own.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        var (w, buffer) = (scratch.Writer, scratch.Buffer);
        try
        {
            w.WriteStartObject();
            String(w, 0, e.EventId);
            String(w, 1, e.CaseNumber);
            String(w, 2, e.ItemCode);
            String(w, 3, e.ItemName);
            String(w, 4, e.Department);
            String(w, 5, e.ClockId);
            w.WriteString(Names[6], KindNames[(int)e.Clock].Json);
            String(w, 7, e.StepId);
            String(w, 8, e.ThresholdId);
            w.WriteString(Names[9], LevelNames[(int)e.Level].Json);
            w.WriteBoolean(Names[10], e.IsTimeout);
            w.WriteString(Names[11], e.DueAt);
            w.WriteString(Names[12], e.ThresholdAt);
            w.WriteString(Names[13], e.FiredAt);
            w.WriteStartObject(Names[14]);
            w.WriteNumber(Minutes, e.Remaining.Minutes);
            w.WriteBoolean(IsNegative, e.Remaining.IsNegative);
            w.WriteEndObject();
            String(w, 15, e.RemainingText);
            w.WriteBoolean(Names[16], e.IsProvisional);
            List(w, 17, e.Assignees);
            List(w, 18, e.Roles);
            w.WriteString(Names[19], OutcomeNames[(int)e.Outcome].Json);
            String(w, 20, e.EscalatedTo);
            w.WriteEndObject();
            w.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.ResetWrittenCount();
            w.Reset(buffer);
            if (buffer.Capacity <= 64 * 1024) t_scratch = scratch;
        }
    }

    // Nulls are left out (the context's WhenWritingNull), as the generated handler does for every reference.
    private static void String(Utf8JsonWriter w, int property, string? value)
    {
        if (value is not null) w.WriteString(Names[property], value);
    }

    private static void List(Utf8JsonWriter w, int property, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        w.WriteStartArray(Names[property]);
        foreach (var v in values)
        {
            if (v is null) w.WriteNullValue();
            else w.WriteStringValue(v);
        }
        w.WriteEndArray();
    }

    /// <summary>The event in <paramref name="json"/>: the value the generated reader gives, or its error.</summary>
    public static DeadlineEvent? Deserialize(ReadOnlySpan<byte> json)
    {
        DeadlineEvent? e;
        try
        {
            e = TryRead(json);
        }
        catch (JsonException)
        {
            e = null;
        }
        return e ?? JsonSerializer.Deserialize(json, ClockJsonContext.Default.DeadlineEvent);
    }

    // Null when the generated reader must decide (see the class remarks); required members are 0, 1, 2, 5 and 8.
    private const int Required = 1 << 0 | 1 << 1 | 1 << 2 | 1 << 5 | 1 << 8;

    private static DeadlineEvent? TryRead(ReadOnlySpan<byte> json)
    {
        var r = new Utf8JsonReader(json);
        if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
        string? eventId = null, caseNumber = null, itemCode = null, itemName = null, department = null, clockId = null, stepId = null;
        string? thresholdId = null, remainingText = null, escalatedTo = null;
        ClockKind clock = default;
        AlertLevel level = default;
        DeadlineOutcome outcome = default;
        bool isTimeout = false, isProvisional = false;
        DateTimeOffset dueAt = default, thresholdAt = default, firedAt = default;
        long minutes = 0;
        List<string>? assignees = null, roles = null;
        var seen = 0;
        var next = 0;
        while (true)
        {
            if (!r.Read()) return null;
            if (r.TokenType == JsonTokenType.EndObject) break;
            if (r.TokenType != JsonTokenType.PropertyName || r.ValueIsEscaped) return null;
            // The writer's order first: a payload written here names each member where the one before it ended.
            var p = Property(ref r, next);
            next = p + 1;
            if (p < 0 || (seen & 1 << p) != 0 || !r.Read()) return null;
            seen |= 1 << p;
            switch (p)
            {
                case 0: if (!Text(ref r, out eventId)) return null; break;
                case 1: if (!Text(ref r, out caseNumber)) return null; break;
                case 2: if (!Text(ref r, out itemCode)) return null; break;
                case 3: if (!Text(ref r, out itemName)) return null; break;
                case 4: if (!Text(ref r, out department)) return null; break;
                case 5: if (!Text(ref r, out clockId)) return null; break;
                case 6: if (!Enum(ref r, KindNames, out var k)) return null; clock = (ClockKind)k; break;
                case 7: if (!Text(ref r, out stepId)) return null; break;
                case 8: if (!Text(ref r, out thresholdId)) return null; break;
                case 9: if (!Enum(ref r, LevelNames, out var l)) return null; level = (AlertLevel)l; break;
                case 10: if (!Bool(ref r, out isTimeout)) return null; break;
                case 11: if (!Instant(ref r, out dueAt)) return null; break;
                case 12: if (!Instant(ref r, out thresholdAt)) return null; break;
                case 13: if (!Instant(ref r, out firedAt)) return null; break;
                case 14: if (!Remaining(ref r, out minutes)) return null; break;
                case 15: if (!Text(ref r, out remainingText)) return null; break;
                case 16: if (!Bool(ref r, out isProvisional)) return null; break;
                case 17: if (!Texts(ref r, out assignees)) return null; break;
                case 18: if (!Texts(ref r, out roles)) return null; break;
                case 19: if (!Enum(ref r, OutcomeNames, out var o)) return null; outcome = (DeadlineOutcome)o; break;
                case 20: if (!Text(ref r, out escalatedTo)) return null; break;
            }
        }
        if ((seen & Required) != Required || r.Read()) return null;
        // Absent members are null, not the record's defaults ("" and empty lists): the generated reader sets every
        // init-only member as a constructor parameter, so an absent one gets the type's default.
        return new DeadlineEvent
        {
            EventId = eventId!, CaseNumber = caseNumber!, ItemCode = itemCode!, ItemName = itemName, Department = department, ClockId = clockId!,
            Clock = clock, StepId = stepId, ThresholdId = thresholdId!, Level = level, IsTimeout = isTimeout, DueAt = dueAt, ThresholdAt = thresholdAt,
            FiredAt = firedAt, Remaining = new WorkingTime(minutes), RemainingText = remainingText!, IsProvisional = isProvisional,
            Assignees = assignees!, Roles = roles!, Outcome = outcome, EscalatedTo = escalatedTo,
        };
    }

    private static int Property(ref Utf8JsonReader r, int expected)
    {
        var names = Utf8Names;
        if (expected < names.Length && r.ValueSpan.SequenceEqual(names[expected])) return expected;
        for (var k = 0; k < names.Length; k++)
        {
            if (r.ValueSpan.SequenceEqual(names[k])) return k;
        }
        return -1;
    }

    // A JSON string only: a null for any member (required or not) is left to the generated reader.
    private static bool Text(ref Utf8JsonReader r, out string? value)
    {
        value = r.TokenType == JsonTokenType.String ? r.GetString() : null;
        return value is not null;
    }

    private static bool Bool(ref Utf8JsonReader r, out bool value)
    {
        value = r.TokenType == JsonTokenType.True;
        return r.TokenType is JsonTokenType.True or JsonTokenType.False;
    }

    private static bool Instant(ref Utf8JsonReader r, out DateTimeOffset value)
    {
        value = default;
        return r.TokenType == JsonTokenType.String && r.TryGetDateTimeOffset(out value);
    }

    private static bool Enum(ref Utf8JsonReader r, (string Name, JsonEncodedText Json)[] names, out int value)
    {
        value = -1;
        if (r.TokenType != JsonTokenType.String || r.ValueIsEscaped) return false;
        for (var k = 0; k < names.Length; k++)
        {
            if (names[k].Name is { } name && r.ValueTextEquals(name))
            {
                value = k;
                return true;
            }
        }
        return false;
    }

    // {"minutes":N} with "isNegative" (read-only, ignored by the generated reader) allowed once; anything else is not ours.
    private static bool Remaining(ref Utf8JsonReader r, out long minutes)
    {
        minutes = 0;
        if (r.TokenType != JsonTokenType.StartObject) return false;
        bool hasMinutes = false, hasSign = false;
        while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
        {
            if (r.ValueIsEscaped) return false;
            if (!hasMinutes && r.ValueTextEquals("minutes"u8))
            {
                if (!r.Read() || r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out minutes)) return false;
                hasMinutes = true;
            }
            else if (!hasSign && r.ValueTextEquals("isNegative"u8))
            {
                if (!r.Read() || r.TokenType is not (JsonTokenType.True or JsonTokenType.False)) return false;
                hasSign = true;
            }
            else return false;
        }
        return r.TokenType == JsonTokenType.EndObject && hasMinutes;
    }

    private static bool Texts(ref Utf8JsonReader r, out List<string>? values)
    {
        values = null;
        if (r.TokenType != JsonTokenType.StartArray) return false;
        var list = new List<string>();
        while (r.Read() && r.TokenType == JsonTokenType.String) list.Add(r.GetString()!);
        if (r.TokenType != JsonTokenType.EndArray) return false;
        values = list;
        return true;
    }

    private static bool Named<T>((string Name, T) [] table, int index) => (uint)index < (uint)table.Length && table[index].Name is not null;

    // Indexed by value; a value without a name (none today) stays null and sends the event to the generated serializer.
    private static (string Name, JsonEncodedText Json)[] EnumNames<TEnum>() where TEnum : struct, System.Enum
    {
        var values = System.Enum.GetValues<TEnum>();
        var table = new (string Name, JsonEncodedText Json)[values.Max(v => Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)) + 1];
        foreach (var v in values)
        {
            var name = v.ToString();
            table[Convert.ToInt32(v, System.Globalization.CultureInfo.InvariantCulture)] = (name, JsonEncodedText.Encode(name));
        }
        return table;
    }

    private sealed class Scratch
    {
        public Scratch() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);
        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);
        public Utf8JsonWriter Writer { get; }
    }
}
