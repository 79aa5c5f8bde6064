using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace OneStop.Engine.Storage;

/// <summary>The text of the idempotency keys an in-memory store keeps, appended to shared byte chunks instead of a
/// string each, with the <see cref="TextRef"/>s that name it. The store keeps every command's key for as long as it
/// lives (its idempotency table, its commits' events), and every collection marks and promotes what the store keeps
/// object by object: the keys were ten of the fourteen objects a closed full case left behind. The store's
/// <see cref="KeyTable{TValue}"/> hashes a caller's key as a span and compares it with a kept text here
/// (<see cref="Matches"/>), so a reference is made only when a key is added.</summary>
/// <remarks>A chunk holds 32,768 bytes (under the large-object threshold, like the event arena's chunks); a key longer
/// than a chunk gets an array of its own. An ASCII text (the usual key) is kept a byte per char, any other as its UTF-16
/// code units (two bytes each). Each text is preceded by its length in two bytes (the top bit set for UTF-16), or, for
/// 32,767 chars and more, by 0xFFFF, a flag byte and its length in four. Not thread-safe: used under the store's lock.</remarks>
internal sealed class KeyText
{
    private const int ChunkBytes = 32_768;
    private const int LongForm = 0xFFFF;
    private const int MaxShort = 0x7FFF;
    private readonly List<byte[]> _chunks = [];
    // The chunk being filled (−1: none yet) and the first free position in it.
    private int _current = -1;
    private int _end;
    // The text added last: a commit's events name the key its command just added to the table.
    private TextRef _last;

    /// <summary>Where the text added last sits (none before the first).</summary>
    public TextRef Last => _last;

    /// <summary>Appends <paramref name="text"/> and returns where it sits.</summary>
    public TextRef Add(ReadOnlySpan<char> text)
    {
        var ascii = Ascii.IsValid(text);
        var bodyBytes = ascii ? text.Length : 2 * text.Length;
        var longForm = text.Length >= MaxShort;
        var needed = (longForm ? 7 : 2) + bodyBytes;
        byte[] chunk;
        int chunkIndex, start;
        if (needed > ChunkBytes)
        {
            // Longer than a chunk: an array of its own (the chunk being filled stays the current one).
            chunk = new byte[needed];
            chunkIndex = _chunks.Count;
            _chunks.Add(chunk);
            start = 0;
        }
        else
        {
            if (_current < 0 || _end + needed > ChunkBytes)
            {
                _current = _chunks.Count;
                _chunks.Add(new byte[ChunkBytes]);
                _end = 0;
            }
            chunk = _chunks[_current];
            chunkIndex = _current;
            start = _end;
            _end += needed;
        }
        int body;
        if (longForm)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(chunk.AsSpan(start), LongForm);
            chunk[start + 2] = ascii ? (byte)0 : (byte)1;
            BinaryPrimitives.WriteInt32LittleEndian(chunk.AsSpan(start + 3), text.Length);
            body = start + 7;
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(chunk.AsSpan(start), (ushort)(text.Length | (ascii ? 0 : 0x8000)));
            body = start + 2;
        }
        if (ascii) Ascii.FromUtf16(text, chunk.AsSpan(body, text.Length), out _);
        else MemoryMarshal.AsBytes(text).CopyTo(chunk.AsSpan(body));
        return _last = new TextRef(chunkIndex, start);
    }

    /// <summary>Where <paramref name="text"/> sits: the text added last when it is the same (a commit's events name its
    /// command's key, just added to the idempotency table), else appended; none for null.</summary>
    public TextRef AddOrLast(string? text)
    {
        if (text is null) return default;
        return Matches(text, _last) ? _last : Add(text);
    }

    // The kept bytes of the text at `at`, and whether they are ASCII (else UTF-16 code units).
    private ReadOnlySpan<byte> Body(TextRef at, out bool ascii)
    {
        var chunk = _chunks[at.Chunk];
        var prefix = BinaryPrimitives.ReadUInt16LittleEndian(chunk.AsSpan(at.Start));
        if (prefix == LongForm)
        {
            ascii = chunk[at.Start + 2] == 0;
            var length = BinaryPrimitives.ReadInt32LittleEndian(chunk.AsSpan(at.Start + 3));
            return chunk.AsSpan(at.Start + 7, ascii ? length : 2 * length);
        }
        ascii = (prefix & 0x8000) == 0;
        var chars = prefix & MaxShort;
        return chunk.AsSpan(at.Start + 2, ascii ? chars : 2 * chars);
    }

    // Places Compact could not fit in 31 bits (past 65,535 chunks), by the complement of their compact value.
    private List<TextRef>? _farPlaces;
    private const int StartBits = 15;

    /// <summary><paramref name="at"/> in four bytes (a commit of the event arena keeps its key's place so): 0 for none,
    /// else the chunk's index + 1 in the top 16 bits of a positive int and the start (under <see cref="ChunkBytes"/>, 2^15)
    /// in the low 15; a place past 65,535 chunks (2 GB of key text) is kept in a list and named by its index's
    /// complement (a negative value), so every place round-trips through <see cref="Expand"/>.</summary>
    public int Compact(TextRef at)
    {
        if (at.IsNone) return 0;
        if (at.Chunk < ushort.MaxValue) return ((at.Chunk + 1) << StartBits) | at.Start;
        (_farPlaces ??= []).Add(at);
        return ~(_farPlaces.Count - 1);
    }

    /// <summary>The place <paramref name="compact"/> (from <see cref="Compact"/>) names.</summary>
    public TextRef Expand(int compact) => compact switch
    {
        0 => default,
        > 0 => new TextRef((compact >> StartBits) - 1, compact & ((1 << StartBits) - 1)),
        _ => _farPlaces![~compact],
    };

    /// <summary>The text at <paramref name="at"/> (which must name one), as a new string.</summary>
    public string Text(TextRef at)
    {
        var body = Body(at, out var ascii);
        return ascii ? Encoding.ASCII.GetString(body) : new string(MemoryMarshal.Cast<byte, char>(body));
    }

    /// <summary>The text at <paramref name="at"/> as a new string; null for none.</summary>
    public string? ToString(TextRef at) => at.IsNone ? null : Text(at);

    /// <summary>True when <paramref name="text"/> is the text at <paramref name="at"/> (never for none).</summary>
    public bool Matches(ReadOnlySpan<char> text, TextRef at)
    {
        if (at.IsNone) return false;
        var body = Body(at, out var ascii);
        return ascii
            ? body.Length == text.Length && Ascii.Equals(body, text)
            : MemoryMarshal.Cast<byte, char>(body).SequenceEqual(text);
    }
}
