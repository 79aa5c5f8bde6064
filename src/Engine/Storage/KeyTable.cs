namespace OneStop.Engine.Storage;

/// <summary>The in-memory store's idempotency table: a value per key, the key's text kept in a <see cref="KeyText"/>,
/// looked up by the caller's key as a span. Open addressing over a slot array that holds each key's hash beside its
/// entry's index, so a key that is not in the table (every command's claim) is answered by one slot read: the
/// dictionary it replaces read a bucket and then an entry (two cache misses in a table of 100,000 keys, the largest
/// single item of a command's own cost). Entries sit in chunks of 2,048 (64 KB, under the large-object threshold, like
/// the arena's): growth copies only the slots, never an entry.</summary>
/// <remarks>Linear probing at a load of at most three quarters; a slot is its entry's index + 1 in the low 32 bits
/// (0: empty) and the key's hash in the high 32 (the runtime's randomized string hash, as before, so a caller cannot
/// choose keys that collide). Beside each slot a byte tag (0: empty, else 7 bits of the hash other than the home
/// position's and the top bit set) is what a probe reads: a key that is not in the table (every command's claim) reads
/// only tags, an eighth of the slots' bytes, which stay in the processor's caches where the slots did not (a table of
/// 100,000 keys is 2 MB of slots and 256 KB of tags; the slot read missed the cache on every command, 4–5 % of a full
/// case's own cost); a slot is read only when its tag matches. Removal (a refused commit gives its key back) shifts the
/// probe run back, so no slot is ever a tombstone; the entry is dropped when it is the last (always so under the
/// store's lock: a commit claims its key and gives it back before any other commit), else left as a hole. Not
/// thread-safe: used under the store's lock.</remarks>
internal sealed class KeyTable<TValue>
{
    private const int ChunkShift = 11;
    private const int ChunkEntries = 1 << ChunkShift;
    private readonly KeyText _text;
    private readonly List<Entry[]> _chunks = [];
    private ulong[] _slots = new ulong[16];
    private byte[] _tags = new byte[16];
    private int _count;
    private int _used;

    /// <summary>An empty table whose keys' text goes to <paramref name="text"/>.</summary>
    public KeyTable(KeyText text) => _text = text;

    /// <summary>The keys in the table.</summary>
    public int Count => _used;

    /// <summary>The value kept for <paramref name="key"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out TValue value)
    {
        var slot = Find(key, string.GetHashCode(key));
        if (slot < 0)
        {
            value = default!;
            return false;
        }
        value = EntryAt((int)(uint)_slots[slot] - 1).Value;
        return true;
    }

    /// <summary>Adds <paramref name="key"/> (its text appended to the <see cref="KeyText"/>) with <paramref name="value"/>;
    /// false, and nothing changed, when the table has the key.</summary>
    public bool TryAdd(ReadOnlySpan<char> key, TValue value)
    {
        var hash = string.GetHashCode(key);
        var tags = _tags;
        var tag = TagOf(hash);
        var mask = tags.Length - 1;
        var i = hash & mask;
        while (tags[i] is var t && t != 0)
        {
            if (t == tag && Matches(key, hash, _slots[i])) return false;
            i = (i + 1) & mask;
        }
        var index = _count;
        if ((index >> ChunkShift) == _chunks.Count) _chunks.Add(new Entry[ChunkEntries]);
        ref var entry = ref EntryAt(index);
        entry.Key = _text.Add(key);
        entry.Value = value;
        _count++;
        _used++;
        tags[i] = tag;
        _slots[i] = ((ulong)(uint)hash << 32) | (uint)(index + 1);
        if (_used > _slots.Length - (_slots.Length >> 2)) Grow();
        return true;
    }

    /// <summary>Removes <paramref name="key"/>; false when the table does not have it. Its text stays in the <see cref="KeyText"/>.</summary>
    public bool Remove(ReadOnlySpan<char> key)
    {
        var slot = Find(key, string.GetHashCode(key));
        if (slot < 0) return false;
        var index = (int)(uint)_slots[slot] - 1;
        EntryAt(index) = default;
        if (index == _count - 1) _count--;
        _used--;
        // Shift the rest of the probe run back over the emptied slot: a slot whose home lies cyclically at or before
        // the gap moves into it (so every key stays reachable from its home without tombstones).
        var mask = _slots.Length - 1;
        var gap = slot;
        var j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            var s = _slots[j];
            if (s == 0) break;
            var home = (int)(s >> 32) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask))
            {
                _slots[gap] = s;
                _tags[gap] = _tags[j];
                gap = j;
            }
        }
        _slots[gap] = 0;
        _tags[gap] = 0;
        return true;
    }

    // The slot of key (with its hash), or −1.
    private int Find(ReadOnlySpan<char> key, int hash)
    {
        var tags = _tags;
        var tag = TagOf(hash);
        var mask = tags.Length - 1;
        var i = hash & mask;
        while (tags[i] is var t && t != 0)
        {
            if (t == tag && Matches(key, hash, _slots[i])) return i;
            i = (i + 1) & mask;
        }
        return -1;
    }

    // True when slot (its tag matched) holds key.
    private bool Matches(ReadOnlySpan<char> key, int hash, ulong slot) =>
        (int)(slot >> 32) == hash && _text.Matches(key, EntryAt((int)(uint)slot - 1).Key);

    // The hash's top 7 bits with the top bit set (never 0, the empty tag): bits a table of up to 2^25 slots does not use
    // for the home position, so keys that share a home rarely share a tag.
    private static byte TagOf(int hash) => (byte)(0x80 | ((uint)hash >> 25));

    private ref Entry EntryAt(int index) => ref _chunks[index >> ChunkShift][index & (ChunkEntries - 1)];

    // Twice the slots (and tags), each reinserted at its hash's home (the hash is in the slot: no key is read or hashed again).
    private void Grow()
    {
        var old = _slots;
        var slots = new ulong[old.Length * 2];
        var tags = new byte[slots.Length];
        var mask = slots.Length - 1;
        foreach (var s in old)
        {
            if (s == 0) continue;
            var i = (int)(s >> 32) & mask;
            while (tags[i] != 0) i = (i + 1) & mask;
            slots[i] = s;
            tags[i] = TagOf((int)(s >> 32));
        }
        _slots = slots;
        _tags = tags;
    }

    private struct Entry
    {
        public TextRef Key;
        public TValue Value;
    }
}
