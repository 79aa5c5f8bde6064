using System.Buffers;
using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Serializes stored payloads (events, snapshots, command results, outbox messages) to exact-size UTF-8
/// arrays through one reused buffer and writer per thread, using the source-generated fast path of
/// <see cref="EngineJsonContext"/>. Text outside ASCII (Chinese names, reasons) is written as UTF-8, not as
/// <c>\uXXXX</c> escapes: the bytes are JSON for a store, never embedded in HTML, and a third of the size.
/// Readers are unaffected (both spellings are the same JSON).</summary>
internal static class JsonBytes
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // The typed serializers write well-formed JSON; validating every token again only costs time.
        SkipValidation = true,
    };

    // Per-thread scratch space, the pattern System.Text.Json uses itself: serialization never awaits, so a buffer
    // is used by one call at a time; it holds no state between calls (reset after each).
    [ThreadStatic] private static Scratch? t_scratch;

    /// <summary>Event discriminators by CLR type, read once from the <see cref="CaseEvent"/> polymorphism metadata,
    /// with the bytes <c>{"type":"name"</c> that open each payload.</summary>
    private static readonly FrozenDictionary<Type, EventShape> Events = EngineJsonContext.Default.CaseEvent.PolymorphismOptions!.DerivedTypes
        .ToFrozenDictionary(d => d.DerivedType, d => new EventShape(
            EngineJsonContext.Default.GetTypeInfo(d.DerivedType)!,
            Prefix((string)d.TypeDiscriminator!)));

    /// <summary>The UTF-8 JSON of <paramref name="value"/>.</summary>
    public static byte[] Serialize<T>(T value, JsonTypeInfo<T> typeInfo) =>
        Write((value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo));

    /// <summary>The UTF-8 JSON of <paramref name="value"/> through its untyped metadata: the same bytes as
    /// <see cref="Serialize{T}"/> with the typed metadata (lazy outbox payloads keep the value as an object).</summary>
    public static byte[] Serialize(object value, JsonTypeInfo typeInfo) =>
        Write((value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo));

    /// <summary>The UTF-8 JSON of a snapshot: the same bytes as <see cref="Serialize{T}"/> with
    /// <see cref="EngineJsonContext.CaseSnapshot"/>, written by <see cref="SnapshotJsonWriter"/>.</summary>
    public static byte[] SerializeSnapshot(CaseSnapshot snapshot) =>
        Write(snapshot, static (writer, s) => SnapshotJsonWriter.Write(writer, s));

    /// <summary>Appends the UTF-8 JSON of a snapshot to <paramref name="target"/> (the bytes of
    /// <see cref="SerializeSnapshot"/>), through the thread's pooled writer.</summary>
    public static void SerializeSnapshotTo(CaseSnapshot snapshot, ArrayBufferWriter<byte> target)
    {
        var scratch = Rent();
        try
        {
            scratch.Writer.Reset(target);
            SnapshotJsonWriter.Write(scratch.Writer, snapshot);
            scratch.Writer.Flush();
        }
        finally
        {
            scratch.Writer.Reset(scratch.Buffer);
            Return(scratch);
        }
    }

    // One pooled writer per call; a static lambda and a value-tuple state keep the shared body allocation-free.
    private static byte[] Write<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        var scratch = Rent();
        try
        {
            write(scratch.Writer, state);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            Return(scratch);
        }
    }

    /// <summary>The UTF-8 JSON of an event, byte for byte what the polymorphic <see cref="EngineJsonContext.CaseEvent"/>
    /// serializer writes (the discriminator first, then the event's own properties), without its per-call stack of
    /// polymorphic frames: the event is written by its concrete type's serializer and the discriminator spliced in.</summary>
    public static byte[] SerializeEvent(CaseEvent e)
    {
        if (!Events.TryGetValue(e.GetType(), out var shape)) return Serialize(e, EngineJsonContext.Default.CaseEvent);
        if (e is ClockStarted started && ClockJsonWriter.ClockStartedBytes(started, shape.Prefix) is { } raw) return raw;
        var scratch = Rent();
        var (writer, buffer) = (scratch.Writer, scratch.Buffer);
        try
        {
            JsonSerializer.Serialize(writer, e, shape.TypeInfo);
            writer.Flush();
            var body = buffer.WrittenSpan;
            // body is "{…}" or "{}": keep the opening of the discriminator, then either ",…}" or "}".
            var empty = body.Length == 2;
            var result = new byte[shape.Prefix.Length + body.Length - (empty ? 1 : 0)];
            shape.Prefix.CopyTo(result, 0);
            if (empty)
            {
                result[^1] = (byte)'}';
            }
            else
            {
                result[shape.Prefix.Length] = (byte)',';
                body[1..].CopyTo(result.AsSpan(shape.Prefix.Length + 1));
            }
            return result;
        }
        finally
        {
            Return(scratch);
        }
    }

    private static Scratch Rent()
    {
        // Taken, not shared: a nested call (none today) would get its own scratch space.
        var scratch = t_scratch ?? new Scratch();
        t_scratch = null;
        return scratch;
    }

    private static void Return(Scratch scratch)
    {
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset();
        // A huge payload must not pin a huge buffer for the thread's lifetime.
        if (scratch.Buffer.Capacity <= 64 * 1024) t_scratch = scratch;
    }

    private static byte[] Prefix(string discriminator)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", discriminator);
            writer.Flush();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private sealed class Scratch
    {
        public Scratch() => Writer = new Utf8JsonWriter(Buffer, WriterOptions);
        public ArrayBufferWriter<byte> Buffer { get; } = new(2048);
        public Utf8JsonWriter Writer { get; }
    }

    private sealed record EventShape(JsonTypeInfo TypeInfo, byte[] Prefix);
}
