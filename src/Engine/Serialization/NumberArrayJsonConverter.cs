using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a snapshot's per-node number arrays (<c>int[]</c>, <c>long[]</c>) as one raw JSON value, byte for
/// byte what the writer produces element by element (<c>[0,1,-2]</c>), without a writer call per element: a snapshot
/// has six such arrays per flow node, and the element-wise writes were a fifth of its serialization. Reads as before
/// (through <see cref="PlainArraysJsonContext"/>).</summary>
/// <typeparam name="T">The number type.</typeparam>
internal sealed class NumberArrayJsonConverter<T> : JsonConverter<T[]>
    where T : struct, IUtf8SpanFormattable
{
    // Longest text of one element ("-9223372036854775808") and its comma.
    private const int MaxElement = 21;

    private static readonly JsonTypeInfo<T[]> Plain = (JsonTypeInfo<T[]>)PlainArraysJsonContext.Default.GetTypeInfo(typeof(T[]))!;

    /// <inheritdoc />
    public override T[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, Plain);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T[] value, JsonSerializerOptions options)
    {
        var size = 2 + value.Length * MaxElement;
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var n = 0;
            buffer[n++] = (byte)'[';
            for (var i = 0; i < value.Length; i++)
            {
                if (i > 0) buffer[n++] = (byte)',';
                value[i].TryFormat(buffer[n..], out var written, default, CultureInfo.InvariantCulture);
                n += written;
            }
            buffer[n++] = (byte)']';
            writer.WriteRawValue(buffer[..n], skipInputValidation: true);
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
