using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace OneStop.Engine.Storage;

/// <summary>Stored byte values held in one object field, so a record can keep either its bytes or what they are
/// computed from in the same slot: a whole array as itself, any other memory boxed, empty as null. A lazily
/// computed value replaces its source with one reference write, which a racing reader sees whole or not at all.</summary>
internal static class LazyBytes
{
    /// <summary>The field value for <paramref name="bytes"/>.</summary>
    public static object? Wrap(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Equals(default)) return null;
        return MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : new StrongBox<ReadOnlyMemory<byte>>(bytes);
    }

    /// <summary>The bytes of a field value made by <see cref="Wrap"/> (false when it holds something else).</summary>
    public static bool TryUnwrap(object? value, out ReadOnlyMemory<byte> bytes)
    {
        switch (value)
        {
            case null:
                bytes = default;
                return true;
            case byte[] array:
                bytes = array;
                return true;
            case StrongBox<ReadOnlyMemory<byte>> box:
                bytes = box.Value;
                return true;
            default:
                bytes = default;
                return false;
        }
    }
}
