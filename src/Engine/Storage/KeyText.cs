namespace OneStop.Engine.Storage;

/// <summary>The text of the idempotency keys an in-memory store keeps, appended to shared char chunks instead of a
/// string each, with the <see cref="TextRef"/>s that name it. The store keeps every command's key for as long as it
/// lives (its idempotency table, its commits' events), and every collection marks and promotes what the store keeps
/// object by object: the keys were ten of the fourteen objects a closed full case left behind. The store's
/// <see cref="KeyTable{TValue}"/> hashes a caller's key as a span and compares it with a kept text here
/// (<see cref="Matches"/>), so a reference is made only when a key is added.</summary>
/// <remarks>A chunk holds 32,768 chars (64 KB, under the large-object threshold, like the event arena's chunks); a key
/// longer than a chunk gets an array of its own. Each text is preceded by its length (two chars). Not thread-safe: used
/// under the store's lock.</remarks>
internal sealed class KeyText
{
    private const int ChunkChars = 32_768;
    private readonly List<char[]> _chunks = [];
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
        var needed = text.Length + 2;
        char[] chunk;
        int chunkIndex, start;
        if (needed > ChunkChars)
        {
            // Longer than a chunk: an array of its own (the chunk being filled stays the current one).
            chunk = new char[needed];
            chunkIndex = _chunks.Count;
            _chunks.Add(chunk);
            start = 0;
        }
        else
        {
            if (_current < 0 || _end + needed > ChunkChars)
            {
                _current = _chunks.Count;
                _chunks.Add(new char[ChunkChars]);
                _end = 0;
            }
            chunk = _chunks[_current];
            chunkIndex = _current;
            start = _end;
            _end += needed;
        }
        chunk[start] = (char)text.Length;
        chunk[start + 1] = (char)(text.Length >> 16);
        text.CopyTo(chunk.AsSpan(start + 2));
        return _last = new TextRef(chunkIndex, start);
    }

    /// <summary>Where <paramref name="text"/> sits: the text added last when it is the same (a commit's events name its
    /// command's key, just added to the idempotency table), else appended; none for null.</summary>
    public TextRef AddOrLast(string? text)
    {
        if (text is null) return default;
        return !_last.IsNone && Text(_last).SequenceEqual(text) ? _last : Add(text);
    }

    /// <summary>The text at <paramref name="at"/>.</summary>
    public ReadOnlySpan<char> Text(TextRef at)
    {
        var chunk = _chunks[at.Chunk];
        var length = chunk[at.Start] | (chunk[at.Start + 1] << 16);
        return chunk.AsSpan(at.Start + 2, length);
    }

    /// <summary>The text at <paramref name="at"/> as a new string; null for none.</summary>
    public string? ToString(TextRef at) => at.IsNone ? null : new string(Text(at));

    /// <summary>True when <paramref name="text"/> is the text at <paramref name="at"/> (never for none).</summary>
    public bool Matches(ReadOnlySpan<char> text, TextRef at) => !at.IsNone && text.SequenceEqual(Text(at));
}
