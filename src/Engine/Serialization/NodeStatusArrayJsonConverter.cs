using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Serialization;

/// <summary>Writes a snapshot's node statuses as one raw JSON value, byte for byte what the string enum converter writes
/// element by element (<c>["Pending","Active"]</c>), from the names' UTF-8 text made once. Reads as before (through
/// <see cref="PlainArraysJsonContext"/>).</summary>
internal sealed class NodeStatusArrayJsonConverter : JsonConverter<NodeStatus[]>
{
    // Each status as a JSON string, exactly as the string enum converter writes it (read from it once).
    private static readonly byte[]?[] Names = NamesByValue();
    private static readonly int Longest = Names.Max(n => n?.Length ?? 0) + 1;

    private static byte[]?[] NamesByValue()
    {
        var values = Enum.GetValues<NodeStatus>();
        var names = new byte[]?[values.Max(v => (int)v) + 1];
        foreach (var v in values) names[(int)v] = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(v, PlainArraysJsonContext.Default.NodeStatus));
        return names;
    }

    /// <inheritdoc />
    public override NodeStatus[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize(ref reader, PlainArraysJsonContext.Default.NodeStatusArray);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, NodeStatus[] value, JsonSerializerOptions options)
    {
        var size = 2 + value.Length * Longest;
        byte[]? rented = null;
        var buffer = size <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(size));
        try
        {
            var n = 0;
            buffer[n++] = (byte)'[';
            for (var i = 0; i < value.Length; i++)
            {
                if (i > 0) buffer[n++] = (byte)',';
                var status = (int)value[i];
                // A value outside the enum (never written by the engine) goes through the plain converter.
                if ((uint)status >= (uint)Names.Length || Names[status] is not { } name)
                {
                    JsonSerializer.Serialize(writer, value, PlainArraysJsonContext.Default.NodeStatusArray);
                    return;
                }
                name.CopyTo(buffer[n..]);
                n += name.Length;
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
