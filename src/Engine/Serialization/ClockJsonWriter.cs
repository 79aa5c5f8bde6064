using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Clocks;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a snapshot's clocks byte for byte as <see cref="EngineJsonContext.ListClockState"/>'s source-generated
/// serializer does: the generated handler sends every enum and nullable instant through <see cref="JsonSerializer"/> (a
/// converter lookup and a write stack per value, six to nine per clock), which made the clocks about 60 % of a
/// snapshot's serialization on the SQLite path. The usual clocks are written by hand as one raw value; any other list
/// (a null, an enum value without a name, a text that is not plain ASCII) goes to the generated serializer. The
/// <see cref="ClockStarted"/> event every started clock stores is written the same way (<see cref="ClockStartedBytes"/>).</summary>
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
    internal static readonly string[] ThresholdPropertyNames = ["id", "level", "at", "firedAt"];

    private static readonly byte[][] KindJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.ClockKind);
    private static readonly byte[][] StatusJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.ClockStatus);
    private static readonly byte[][] UnitJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.TimeUnit);
    private static readonly byte[][] LevelJson = SnapshotJsonWriter.EnumJson(EngineJsonContext.Default.AlertLevel);

    /// <summary>Writes <paramref name="clocks"/> (the value of the snapshot's <c>clocks</c> property) as the generated handler would.</summary>
    public static void Write(Utf8JsonWriter writer, List<ClockState> clocks)
    {
        if (RawLength(clocks) is { } length)
        {
            // The usual clocks (ids, step ids and reasons of plain ASCII, named enums, no nulls) as one raw value: the
            // writer's per-token work (property names, date formatting, escaping checks) was most of their cost.
            byte[]? rented = null;
            Span<byte> buffer = length <= 2048 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
            var at = WriteRaw(buffer, clocks);
            writer.WriteRawValue(buffer[..at], skipInputValidation: true);
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            return;
        }
        // Anything else is rare: the generated serializer writes it.
        var typeInfo = EngineJsonContext.Default.ListClockState;
        if (typeInfo.SerializeHandler is { } handler) handler(writer, clocks);
        else JsonSerializer.Serialize(writer, clocks, typeInfo);
    }

    /// <summary>The JSON names of a <see cref="ClockStarted"/> event after its discriminator, in order (the generated metadata's order).</summary>
    internal static readonly string[] ClockStartedPropertyNames =
        ["clock", "kind", "node", "stepId", "limit", "startedAt", "dueAt", "budgetMinutes", "provisional", "thresholds"];

    /// <summary>The JSON names of a <see cref="ThresholdPlan"/>, in order (the generated metadata's order).</summary>
    internal static readonly string[] ThresholdPlanPropertyNames = ["id", "level", "at"];

    // A ClockStarted's names and punctuation are 155 bytes, its enums at most 18 + 9, its numbers 11 + 11 + 20, its
    // three instants 35 each; a threshold plan's 30 + 10 + 35. Rounded up.
    private const int ClockStartedRoom = 384;
    private const int ThresholdPlanRoom = 96;

    /// <summary>The UTF-8 JSON of a started clock, <paramref name="prefix"/> (<c>{"type":"clock.started.v1"</c>) first,
    /// byte for byte what the generated serializer writes with the store's relaxed escaping; null when the event needs
    /// the writer (a null, an enum value without a name, a text that is not plain ASCII). Every clock a case starts
    /// is one of these events: the generated handler spent most of its time on the enums and instants, as for the
    /// snapshot's clocks.</summary>
    public static byte[]? ClockStartedBytes(ClockStarted e, ReadOnlySpan<byte> prefix)
    {
        if (e.Clock is not { } clock || e.Thresholds is not { } thresholds || !Named(KindJson, (int)e.Kind) || !Named(UnitJson, (int)e.Limit.Unit)
            || !IsPlain(clock) || e.StepId is { } stepId && !IsPlain(stepId))
            return null;
        var length = prefix.Length + ClockStartedRoom + clock.Length + (e.StepId?.Length ?? 0);
        foreach (var t in thresholds)
        {
            if (t is null || t.Id is not { } tid || !Named(LevelJson, (int)t.Level) || !IsPlain(tid)) return null;
            length += ThresholdPlanRoom + tid.Length;
        }
        byte[]? rented = null;
        Span<byte> b = length <= 2048 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length));
        var n = Put(b, 0, prefix);
        n = Put(b, n, ",\"clock\":\""u8);
        n = Put(b, n, clock);
        n = Put(b, n, "\",\"kind\":"u8);
        n = Common(b, n, e.Kind, e.Node, e.StepId, e.Limit, e.StartedAt, e.DueAt, e.BudgetMinutes);
        n = Put(b, n, e.Provisional ? ",\"provisional\":true,\"thresholds\":["u8 : ",\"provisional\":false,\"thresholds\":["u8);
        for (var k = 0; k < thresholds.Count; k++)
        {
            var t = thresholds[k];
            if (k > 0) b[n++] = (byte)',';
            n = Put(b, n, "{\"id\":\""u8);
            n = Put(b, n, t.Id);
            n = Put(b, n, "\",\"level\":"u8);
            n = Put(b, n, LevelJson[(int)t.Level]);
            n = Put(b, n, ",\"at\":"u8);
            n = Date(b, n, t.At);
            b[n++] = (byte)'}';
        }
        n = Put(b, n, "]}"u8);
        var result = b[..n].ToArray();
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        return result;
    }

    // Room for everything but the texts at their longest: a clock's names and punctuation are 245 bytes, its enums at
    // most 18 + 11 + 9, its numbers 11 + 11 + 20 + 20, its four instants 35 each ("yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm"
    // quoted): 485 with the separating comma; a threshold's 54 + 10 + 2 × 35 = 134. Rounded up.
    private const int ClockRoom = 512;
    private const int ThresholdRoom = 160;

    /// <summary>An upper bound of the raw JSON's length, or null when a clock needs the writer (a null, an enum value
    /// without a name, a text that is not plain ASCII).</summary>
    private static int? RawLength(List<ClockState> clocks)
    {
        var length = 2;
        foreach (var c in clocks)
        {
            if (c is null || c.Id is not { } id || c.Thresholds is not { } thresholds || !Named(KindJson, (int)c.Kind) || !Named(StatusJson, (int)c.Status)
                || !Named(UnitJson, (int)c.Limit.Unit) || !IsPlain(id) || c.StepId is { } stepId && !IsPlain(stepId) || c.StopReason is { } reason && !IsPlain(reason))
                return null;
            length += ClockRoom + id.Length + (c.StepId?.Length ?? 0) + (c.StopReason?.Length ?? 0);
            foreach (var t in thresholds)
            {
                if (t is null || t.Id is not { } tid || !Named(LevelJson, (int)t.Level) || !IsPlain(tid)) return null;
                length += ThresholdRoom + tid.Length;
            }
        }
        return length;
    }

    private static bool Named(byte[][] table, int index) => (uint)index < (uint)table.Length && table[index] is not null;

    // Characters every encoder writes as themselves: the text's UTF-16 units are its UTF-8 bytes.
    private static readonly SearchValues<char> Plain = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789#-_:./ ");

    private static bool IsPlain(string text) => !text.AsSpan().ContainsAnyExcept(Plain);

    /// <summary>The members a started clock's event and a snapshot's clock share, from <c>kind</c> to
    /// <c>budgetMinutes</c>, in the generated serializer's order.</summary>
    private static int Common(Span<byte> b, int n, ClockKind kind, int node, string? stepId, TimeAmount limit,
        DateTimeOffset startedAt, DateTimeOffset dueAt, long budgetMinutes)
    {
        n = Put(b, n, KindJson[(int)kind]);
        n = Put(b, n, ",\"node\":"u8);
        n = Number(b, n, node);
        if (stepId is { } step)
        {
            n = Put(b, n, ",\"stepId\":\""u8);
            n = Put(b, n, step);
            b[n++] = (byte)'"';
        }
        n = Put(b, n, ",\"limit\":{\"value\":"u8);
        n = Number(b, n, limit.Value);
        n = Put(b, n, ",\"unit\":"u8);
        n = Put(b, n, UnitJson[(int)limit.Unit]);
        n = Put(b, n, "},\"startedAt\":"u8);
        n = Date(b, n, startedAt);
        n = Put(b, n, ",\"dueAt\":"u8);
        n = Date(b, n, dueAt);
        n = Put(b, n, ",\"budgetMinutes\":"u8);
        n = Number(b, n, budgetMinutes);
        return n;
    }

    private static int WriteRaw(Span<byte> b, List<ClockState> clocks)
    {
        var n = 0;
        b[n++] = (byte)'[';
        for (var i = 0; i < clocks.Count; i++)
        {
            var c = clocks[i];
            if (i > 0) b[n++] = (byte)',';
            n = Put(b, n, "{\"id\":\""u8);
            n = Put(b, n, c.Id);
            n = Put(b, n, "\",\"kind\":"u8);
            n = Common(b, n, c.Kind, c.Node, c.StepId, c.Limit, c.StartedAt, c.DueAt, c.BudgetMinutes);
            // provisional, pausedMinutes and extended are left out at their defaults, as the generated handler does
            // ([JsonIgnore(Condition = WhenWritingDefault)] on ClockState).
            n = Put(b, n, c.Provisional ? ",\"provisional\":true,\"status\":"u8 : ",\"status\":"u8);
            n = Put(b, n, StatusJson[(int)c.Status]);
            if (c.PausedAt is { } pausedAt)
            {
                n = Put(b, n, ",\"pausedAt\":"u8);
                n = Date(b, n, pausedAt);
            }
            if (c.PausedMinutes != 0)
            {
                n = Put(b, n, ",\"pausedMinutes\":"u8);
                n = Number(b, n, c.PausedMinutes);
            }
            if (c.Extended) n = Put(b, n, ",\"extended\":true"u8);
            if (c.StoppedAt is { } stoppedAt)
            {
                n = Put(b, n, ",\"stoppedAt\":"u8);
                n = Date(b, n, stoppedAt);
            }
            if (c.StopReason is { } reason)
            {
                n = Put(b, n, ",\"stopReason\":\""u8);
                n = Put(b, n, reason);
                b[n++] = (byte)'"';
            }
            n = Put(b, n, ",\"thresholds\":["u8);
            for (var k = 0; k < c.Thresholds.Count; k++)
            {
                var t = c.Thresholds[k];
                if (k > 0) b[n++] = (byte)',';
                n = Put(b, n, "{\"id\":\""u8);
                n = Put(b, n, t.Id);
                n = Put(b, n, "\",\"level\":"u8);
                n = Put(b, n, LevelJson[(int)t.Level]);
                n = Put(b, n, ",\"at\":"u8);
                n = Date(b, n, t.At);
                if (t.FiredAt is { } firedAt)
                {
                    n = Put(b, n, ",\"firedAt\":"u8);
                    n = Date(b, n, firedAt);
                }
                // isTimeout is not stored ([JsonIgnore]: it follows from the id).
                b[n++] = (byte)'}';
            }
            n = Put(b, n, "]}"u8);
        }
        b[n++] = (byte)']';
        return n;
    }

    private static int Put(Span<byte> b, int n, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(b[n..]);
        return n + bytes.Length;
    }

    // Only for plain ASCII text (IsPlain): one byte per character.
    private static int Put(Span<byte> b, int n, string text)
    {
        for (var k = 0; k < text.Length; k++) b[n + k] = (byte)text[k];
        return n + text.Length;
    }

    // The invariant default format, as Utf8JsonWriter.WriteNumberValue writes it.
    private static int Number(Span<byte> b, int n, long value)
    {
        Utf8Formatter.TryFormat(value, b[n..], out var written);
        return n + written;
    }

    /// <summary>A quoted instant as Utf8JsonWriter writes a <see cref="DateTimeOffset"/>: the round-trip format with the
    /// fraction's trailing zeros (and an all-zero fraction's point) left out, the offset always as <c>+hh:mm</c>.</summary>
    private static int Date(Span<byte> b, int n, DateTimeOffset value)
    {
        // The date and the time of day from the wall-clock ticks once each (DateTime's properties each start over).
        var ticks = value.Ticks;
        DateOnly.FromDayNumber((int)(ticks / TimeSpan.TicksPerDay)).Deconstruct(out var year, out var month, out var day);
        var time = ticks % TimeSpan.TicksPerDay;
        var seconds = (int)(time / TimeSpan.TicksPerSecond);
        var fraction = (int)(time % TimeSpan.TicksPerSecond);
        b[n] = (byte)'"';
        Digits(b, n + 1, year, 4);
        b[n + 5] = (byte)'-';
        Two(b, n + 6, month);
        b[n + 8] = (byte)'-';
        Two(b, n + 9, day);
        b[n + 11] = (byte)'T';
        Two(b, n + 12, seconds / 3600);
        b[n + 14] = (byte)':';
        Two(b, n + 15, seconds / 60 % 60);
        b[n + 17] = (byte)':';
        Two(b, n + 18, seconds % 60);
        n += 20;
        if (fraction != 0)
        {
            var digits = 7;
            while (fraction % 10 == 0)
            {
                fraction /= 10;
                digits--;
            }
            b[n++] = (byte)'.';
            n = Digits(b, n, fraction, digits);
        }
        var offset = (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);
        b[n] = offset < 0 ? (byte)'-' : (byte)'+';
        offset = Math.Abs(offset);
        Two(b, n + 1, offset / 60);
        b[n + 3] = (byte)':';
        Two(b, n + 4, offset % 60);
        b[n + 6] = (byte)'"';
        return n + 7;
    }

    private static void Two(Span<byte> b, int n, int value)
    {
        b[n] = (byte)('0' + value / 10);
        b[n + 1] = (byte)('0' + value % 10);
    }

    private static int Digits(Span<byte> b, int n, int value, int count)
    {
        for (var k = n + count - 1; k >= n; k--)
        {
            b[k] = (byte)('0' + value % 10);
            value /= 10;
        }
        return n + count;
    }
}
