namespace OneStop.Engine.Storage;

/// <summary>Where a text kept by a <see cref="KeyText"/> sits: its chunk and its start (the text's length is kept in
/// the chunk before it). Eight bytes and no reference, so a table keyed by these holds no string per key; compared with a
/// text through the <see cref="KeyText"/> that made them (<see cref="KeyText.Matches"/>). The default value is no text (null).</summary>
internal readonly struct TextRef
{
    // The chunk's index + 1 (0: no text), and the position of the text's length in it.
    private readonly int _chunk;
    private readonly int _start;

    public TextRef(int chunk, int start)
    {
        _chunk = chunk + 1;
        _start = start;
    }

    /// <summary>True for the default value, which stands for no text (null).</summary>
    public bool IsNone => _chunk == 0;

    /// <summary>The chunk's index.</summary>
    public int Chunk => _chunk - 1;

    /// <summary>Where the text's length sits in its chunk (the text follows it).</summary>
    public int Start => _start;

    /// <summary>True when both name the same place (then the same text).</summary>
    public bool SamePlace(TextRef other) => _chunk == other._chunk && _start == other._start;
}
