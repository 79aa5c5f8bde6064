using System.Numerics;
using System.Runtime.InteropServices;

namespace OneStop.Engine.Storage;

/// <summary>Ordinal equality for case numbers that remembers the last string it hashed, for the in-memory store's case
/// table and the engine's snapshot cache, which share it under the store's lock: a command looks its case number up
/// three times (the store's row, the cache's take and the cache's put), and the case number is hashed once.</summary>
/// <remarks>
/// <para>Not thread-safe: the string and its hash are two fields, so every table that uses an instance must be used
/// under one lock (a cache with a lock of its own gets an instance of its own).</para>
/// <para>The hash is built as the runtime's non-randomized string hash (the one a dictionary with
/// <see cref="StringComparer.Ordinal"/> uses), over the text as a span, not the randomized one: that costs twice as
/// much per case number, so remembering it would save nothing against the three non-randomized hashes it replaces. A
/// dictionary switches its own comparer to the randomized hash when many keys collide; this one does not, which is
/// fine for these tables: a key enters them only with a committed case, whose number the engine's generator chose, so
/// a caller cannot fill them with colliding keys.</para>
/// </remarks>
internal sealed class CaseNumberComparer : IEqualityComparer<string>, IAlternateEqualityComparer<ReadOnlySpan<char>, string>
{
    private string? _last;
    private int _lastHash;

    /// <inheritdoc />
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    /// <inheritdoc />
    public int GetHashCode(string obj)
    {
        // Usually the same instance the previous lookup hashed (the command's case number, or the cached case's).
        if (ReferenceEquals(obj, _last)) return _lastHash;
        var hash = Hash(obj);
        _last = obj;
        _lastHash = hash;
        return hash;
    }

    /// <inheritdoc />
    public bool Equals(ReadOnlySpan<char> alternate, string other) => alternate.SequenceEqual(other);

    /// <inheritdoc />
    public int GetHashCode(ReadOnlySpan<char> alternate) => Hash(alternate);

    /// <inheritdoc />
    public string Create(ReadOnlySpan<char> alternate) => alternate.ToString();

    // Two interleaved rotate-add-xor chains over the text's 32-bit words, as string.GetNonRandomizedHashCode (whose
    // values these need not equal: only these tables use them).
    private static int Hash(ReadOnlySpan<char> text)
    {
        uint hash1 = (5381 << 16) + 5381;
        var hash2 = hash1;
        var words = MemoryMarshal.Cast<char, uint>(text);
        var i = 0;
        for (; i + 1 < words.Length; i += 2)
        {
            hash1 = (BitOperations.RotateLeft(hash1, 5) + hash1) ^ words[i];
            hash2 = (BitOperations.RotateLeft(hash2, 5) + hash2) ^ words[i + 1];
        }
        if (i < words.Length) hash2 = (BitOperations.RotateLeft(hash2, 5) + hash2) ^ words[i];
        // An odd length's last char (the runtime's reads it with the terminator as one word).
        if ((text.Length & 1) != 0) hash1 = (BitOperations.RotateLeft(hash1, 5) + hash1) ^ text[^1];
        return (int)(hash1 + (hash2 * 1566083941));
    }
}
