using System.Numerics;

namespace OneStop.Engine.Storage;

/// <summary>The in-memory store's idempotency table: a value per key, the key's text kept in a <see cref="KeyText"/>,
/// looked up by the caller's key as a span. Open addressing over slots (in chunks) that hold each key's hash beside its
/// entry's index, so a key that is not in the table (every command's claim) is answered by one slot read: the
/// dictionary it replaces read a bucket and then an entry (two cache misses in a table of 100,000 keys, the largest
/// single item of a command's own cost). Entries sit in chunks of 2,048 (64 KB, under the large-object threshold, like
/// the arena's): growth copies only the slots, never an entry.</summary>
/// <remarks>Linear probing at a load of at most three quarters; a slot is its entry's index + 1 in the low 32 bits
/// (0: empty) and the key's hash in the high 32 (the runtime's randomized string hash, as before, so a caller cannot
/// choose keys that collide). Removal (a refused commit gives its key back) shifts the probe run back, so no slot is
/// ever a tombstone; the entry is dropped when it is the last (always so under the store's lock: a commit claims its
/// key and gives it back before any other commit), else left as a hole. Not thread-safe: used under the store's
/// lock.
/// <para>A key may also name a record kept elsewhere instead of an entry (<see cref="TryAddRecord"/>: the in-memory
/// store's engine commits keep their result in their arena record, see <see cref="IKeyRecords{TValue}"/>): its slot holds
/// the record's number with the top bit set, and the record gives the key's text and the value.</para></remarks>
internal sealed class KeyTable<TValue>
{
    private const uint RecordTag = 0x8000_0000;
    private const int ChunkShift = 11;
    private const int ChunkEntries = 1 << ChunkShift;
    private readonly KeyText _text;
    private readonly IKeyRecords<TValue>? _records;
    // Slots in chunks of 8,192 (64 KB) up to 32 of them: a single array reaches the large-object heap once the table holds
    // 6,144 keys, and every large-object allocation counts toward the budget that starts a gen2 collection (a store of
    // 10,000 full cases allocated ≈ 1.9 MB of slot arrays there; with the case table's, a gen2 collection per such store).
    // A larger table (over 196,608 keys) keeps 32 chunks, each then on the large-object heap as the single array was:
    // the collector would copy small chunks of a table that size on every promotion.
    private const int SmallChunkShift = 13;
    private const int MaxChunksShift = 5;
    private readonly List<Entry[]> _chunks = [];
    private ulong[][] _slots = [new ulong[16]];
    private int _mask = 15;
    private int _chunkShift = SmallChunkShift;
    private int _count;
    private int _used;

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
        var slot = Find(key, string.GetHashCode(key));
        if (slot < 0)
        {
            value = default!;
            return false;
        }
        var low = (uint)Slot(slot);
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
        Slot(i) = ((ulong)(uint)hash << 32) | RecordTag | (uint)record;
        if (_used > _mask + 1 - ((_mask + 1) >> 2)) Grow();
        return true;
    }

    // The empty slot key goes to, or −1 when the table has the key.
    private int FreeSlot(ReadOnlySpan<char> key, int hash)
    {
        var mask = _mask;
        var i = hash & mask;
        while (Slot(i) is var s && s != 0)
        {
            if ((int)(s >> 32) == hash && _text.Matches(key, KeyOf((uint)s))) return -1;
            i = (i + 1) & mask;
        }
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
        Slot(i) = ((ulong)(uint)hash << 32) | (uint)(index + 1);
        if (_used > _mask + 1 - ((_mask + 1) >> 2)) Grow();
        return true;
    }

    /// <summary>Removes <paramref name="key"/>; false when the table does not have it. Its text stays in the <see cref="KeyText"/>.</summary>
    public bool Remove(ReadOnlySpan<char> key)
    {
        var slot = Find(key, string.GetHashCode(key));
        if (slot < 0) return false;
        var low = (uint)Slot(slot);
        if ((low & RecordTag) == 0)
        {
            var index = (int)low - 1;
            EntryAt(index) = default;
            if (index == _count - 1) _count--;
        }
        _used--;
        // Shift the rest of the probe run back over the emptied slot: a slot whose home lies cyclically at or before
        // the gap moves into it (so every key stays reachable from its home without tombstones).
        var mask = _mask;
        var gap = slot;
        var j = slot;
        while (true)
        {
            j = (j + 1) & mask;
            var s = Slot(j);
            if (s == 0) break;
            var home = (int)(s >> 32) & mask;
            if (((j - home) & mask) >= ((j - gap) & mask))
            {
                Slot(gap) = s;
                gap = j;
            }
        }
        Slot(gap) = 0;
        return true;
    }

    // The slot of key (with its hash), or −1.
    private int Find(ReadOnlySpan<char> key, int hash)
    {
        var mask = _mask;
        var i = hash & mask;
        while (Slot(i) is var s && s != 0)
        {
            if ((int)(s >> 32) == hash && _text.Matches(key, KeyOf((uint)s))) return i;
            i = (i + 1) & mask;
        }
        return -1;
    }

    private ref Entry EntryAt(int index) => ref _chunks[index >> ChunkShift][index & (ChunkEntries - 1)];

    private ref ulong Slot(int i) => ref _slots[i >> _chunkShift][i & ((1 << _chunkShift) - 1)];

    // Twice the slots, each reinserted at its hash's home (the hash is in the slot: no key is read or hashed again).
    private void Grow()
    {
        var old = _slots;
        var length = (_mask + 1) * 2;
        var shift = Math.Max(SmallChunkShift, BitOperations.Log2((uint)length) - MaxChunksShift);
        var slots = new ulong[Math.Max(1, length >> shift)][];
        for (var c = 0; c < slots.Length; c++) slots[c] = new ulong[Math.Min(length, 1 << shift)];
        var mask = length - 1;
        var within = (1 << shift) - 1;
        foreach (var chunk in old)
        {
            foreach (var s in chunk)
            {
                if (s == 0) continue;
                var i = (int)(s >> 32) & mask;
                while (slots[i >> shift][i & within] != 0) i = (i + 1) & mask;
                slots[i >> shift][i & within] = s;
            }
        }
        _slots = slots;
        _mask = mask;
        _chunkShift = shift;
    }

    private struct Entry
    {
        public TextRef Key;
        public TValue Value;
    }
}
