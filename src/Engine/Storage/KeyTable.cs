namespace OneStop.Engine.Storage;

/// <summary>The in-memory store's idempotency table: a value per key, the key's text kept in a <see cref="KeyText"/>,
/// looked up by the caller's key as a span. Open addressing over slot arrays that hold each key's hash beside its
/// entry's index. Entries sit in chunks of 2,048 (64 KB, under the large-object threshold, like the arena's): growth
/// copies only the slots, never an entry.</summary>
/// <remarks>Every command claims a new key, and in a large table the claim's read of a random slot was a cache miss on
/// every command (6.5 % of a growing store's transfer, session 26). So new keys go to a small young table (2,048 keys
/// in 32 KB of slots, in the cache) that is merged into the large old one when full: the merge's writes are independent
/// of each other, so the processor overlaps their misses instead of waiting for each in turn. A claim still has to know
/// that the key is not among the old ones: a filter in front of the old table (4 bits per old slot, 16 times smaller than
/// the slots; two bits of one 64-bit word per key) answers "not there" for most new keys without reading the old slots;
/// when it answers "maybe" the old slots are read, so old keys are always found (a filter has no false negatives).
/// <para>Linear probing at a load of at most three quarters (old) or one half (young); a slot is its entry's index + 1
/// in the low 32 bits (0: empty) and the key's hash in the high 32 (the runtime's randomized string hash, as before, so
/// a caller cannot choose keys that collide). Removal (a refused commit gives its key back) shifts the probe run back,
/// so no slot is ever a tombstone (a removed old key's filter bits stay: the filter only ever answers "maybe" more
/// often); the entry is dropped when it is the last (always so under the store's lock: a commit claims its key and gives
/// it back before any other commit), else left as a hole. Not thread-safe: used under the store's lock.</para>
/// <para>A key may also name a record kept elsewhere instead of an entry (<see cref="TryAddRecord"/>: the in-memory
/// store's engine commits keep their result in their arena record, see <see cref="IKeyRecords{TValue}"/>): its slot holds
/// the record's number with the top bit set, and the record gives the key's text and the value.</para></remarks>
internal sealed class KeyTable<TValue>
{
    private const uint RecordTag = 0x8000_0000;
    private const int ChunkShift = 11;
    private const int ChunkEntries = 1 << ChunkShift;
    // The young table: 4,096 slots (32 KB), merged into the old one when it holds 2,048 keys.
    private const int YoungSlots = 4_096;
    private const int YoungKeys = YoungSlots / 2;
    private readonly KeyText _text;
    private readonly IKeyRecords<TValue>? _records;
    private readonly List<Entry[]> _chunks = [];
    private readonly ulong[] _young = new ulong[YoungSlots];
    private ulong[] _slots = new ulong[16];
    // The old keys' filter: a word per 16 old slots (at least two), indexed by the top _filterBits bits of the mixed hash.
    private ulong[] _filter = new ulong[2];
    private int _filterBits = 1;
    private int _count;
    private int _used;
    private int _youngUsed;
    private int _oldUsed;

    /// <summary>An empty table whose keys' text goes to <paramref name="text"/>, with the records keys may name
    /// (see <see cref="TryAddRecord"/>).</summary>
    public KeyTable(KeyText text, IKeyRecords<TValue>? records = null)
    {
        _text = text;
        _records = records;
    }

    /// <summary>The keys in the table.</summary>
    public int Count => _used;

    /// <summary>The value kept for <paramref name="key"/>.</summary>
    public bool TryGetValue(ReadOnlySpan<char> key, out TValue value)
    {
        var hash = string.GetHashCode(key);
        var slots = _young;
        var slot = Find(slots, key, hash);
        if (slot < 0 && MayBeOld(hash))
        {
            slots = _slots;
            slot = Find(slots, key, hash);
        }
        if (slot < 0)
        {
            value = default!;
            return false;
        }
        var low = (uint)slots[slot];
        value = (low & RecordTag) != 0 ? _records!.ValueOf((int)(low & ~RecordTag)) : EntryAt((int)low - 1).Value;
        return true;
    }

    // The key text of a slot's low half: its entry's, or its record's.
    private TextRef KeyOf(uint low) => (low & RecordTag) != 0 ? _records!.KeyOf((int)(low & ~RecordTag)) : EntryAt((int)low - 1).Key;

    /// <summary>Adds <paramref name="key"/> (its text appended to the <see cref="KeyText"/>, returned in
    /// <paramref name="text"/>) naming record <paramref name="record"/> of the table's <see cref="IKeyRecords{TValue}"/>
    /// instead of an entry; false, and nothing changed, when the table has the key. The record must give this text for the
    /// key from now on (until then no other key may be looked up, added or removed but this one's removal).</summary>
    public bool TryAddRecord(ReadOnlySpan<char> key, int record, out TextRef text)
    {
        var hash = string.GetHashCode(key);
        var i = FreeSlot(key, hash);
        if (i < 0)
        {
            text = default;
            return false;
        }
        text = _text.Add(key);
        _used++;
        _youngUsed++;
        _young[i] = ((ulong)(uint)hash << 32) | RecordTag | (uint)record;
        return true;
    }

    // The empty young slot key goes to, or −1 when the table has the key. Merges a full young table first, so the key
    // added goes to the young table (where a refused commit's removal finds it at once).
    private int FreeSlot(ReadOnlySpan<char> key, int hash)
    {
        if (_youngUsed == YoungKeys) Merge();
        const int mask = YoungSlots - 1;
        var young = _young;
        var i = hash & mask;
        while (young[i] is var s && s != 0)
        {
            if ((int)(s >> 32) == hash && _text.Matches(key, KeyOf((uint)s))) return -1;
            i = (i + 1) & mask;
        }
        if (MayBeOld(hash) && Find(_slots, key, hash) >= 0) return -1;
        return i;
    }

    /// <summary>Adds <paramref name="key"/> (its text appended to the <see cref="KeyText"/>) with <paramref name="value"/>;
    /// false, and nothing changed, when the table has the key.</summary>
    public bool TryAdd(ReadOnlySpan<char> key, TValue value)
    {
        var hash = string.GetHashCode(key);
        var i = FreeSlot(key, hash);
        if (i < 0) return false;
        var index = _count;
        if ((index >> ChunkShift) == _chunks.Count) _chunks.Add(new Entry[ChunkEntries]);
        ref var entry = ref EntryAt(index);
        entry.Key = _text.Add(key);
        entry.Value = value;
        _count++;
        _used++;
        _youngUsed++;
        _young[i] = ((ulong)(uint)hash << 32) | (uint)(index + 1);
        return true;
    }

    /// <summary>Removes <paramref name="key"/>; false when the table does not have it. Its text stays in the <see cref="KeyText"/>.</summary>
    public bool Remove(ReadOnlySpan<char> key)
    {
        var hash = string.GetHashCode(key);
        var slots = _young;
        var slot = Find(slots, key, hash);
        if (slot >= 0) _youngUsed--;
        else if (MayBeOld(hash))
        {
            slots = _slots;
            slot = Find(slots, key, hash);
            if (slot >= 0) _oldUsed--;
        }
        if (slot < 0) return false;
        var low = (uint)slots[slot];
        if ((low & RecordTag) == 0)
        {
            var index = (int)low - 1;
            EntryAt(index) = default;
            if (index == _count - 1) _count--;
        }
        _used--;
        // Shift the rest of the probe run back over the emptied slot: a slot whose home lies cyclically at or before
        // the gap moves into it (so every key stays reachable from its home without tombstones).
        var mask = slots.Length - 1;
        var gap = slot;
        var j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            var s = slots[j];
            if (s == 0) break;
            var home = (int)(s >> 32) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask))
            {
                slots[gap] = s;
                gap = j;
            }
        }
        slots[gap] = 0;
        return true;
    }

    // The slot of key (with its hash) in slots, or −1.
    private int Find(ulong[] slots, ReadOnlySpan<char> key, int hash)
    {
        var mask = slots.Length - 1;
        var i = hash & mask;
        while (slots[i] is var s && s != 0)
        {
            if ((int)(s >> 32) == hash && _text.Matches(key, KeyOf((uint)s))) return i;
            i = (i + 1) & mask;
        }
        return -1;
    }

    // The filter's word and bits for a hash: the hash mixed to 64 bits (Fibonacci hashing), the word from the top bits,
    // two bit positions from the low twelve.
    private static ulong FilterMask(int hash, int filterBits, out int word)
    {
        var mixed = (uint)hash * 0x9E37_79B9_7F4A_7C15UL;
        word = (int)(mixed >> (64 - filterBits));
        return (1UL << (int)(mixed & 63)) | (1UL << (int)((mixed >> 6) & 63));
    }

    // False when no old key has this hash (the old slots need not be read); true when one may.
    private bool MayBeOld(int hash)
    {
        if (_oldUsed == 0) return false;
        var bits = FilterMask(hash, _filterBits, out var word);
        return (_filter[word] & bits) == bits;
    }

    // Moves the young keys into the old slots (grown first when they would pass three quarters) and the filter.
    private void Merge()
    {
        while (_oldUsed + _youngUsed > _slots.Length - (_slots.Length >> 2)) Grow();
        var slots = _slots;
        var mask = slots.Length - 1;
        var filter = _filter;
        var filterBits = _filterBits;
        foreach (var s in _young)
        {
            if (s == 0) continue;
            var hash = (int)(s >> 32);
            var i = hash & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = s;
            var bits = FilterMask(hash, filterBits, out var word);
            filter[word] |= bits;
        }
        _oldUsed += _youngUsed;
        _youngUsed = 0;
        Array.Clear(_young);
    }

    private ref Entry EntryAt(int index) => ref _chunks[index >> ChunkShift][index & (ChunkEntries - 1)];

    // Twice the old slots, each reinserted at its hash's home (the hash is in the slot: no key is read or hashed again),
    // and the filter rebuilt at its new size (a removed key's bits go).
    private void Grow()
    {
        var old = _slots;
        var slots = new ulong[old.Length * 2];
        var mask = slots.Length - 1;
        var filterBits = Math.Max(1, System.Numerics.BitOperations.Log2((uint)slots.Length) - 4);
        var filter = new ulong[1 << filterBits];
        foreach (var s in old)
        {
            if (s == 0) continue;
            var hash = (int)(s >> 32);
            var i = hash & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = s;
            var bits = FilterMask(hash, filterBits, out var word);
            filter[word] |= bits;
        }
        _slots = slots;
        _filter = filter;
        _filterBits = filterBits;
    }

    private struct Entry
    {
        public TextRef Key;
        public TValue Value;
    }
}
