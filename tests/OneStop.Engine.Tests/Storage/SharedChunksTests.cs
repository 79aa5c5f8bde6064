using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using OneStop.Engine.Events;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store keeps its cases' snapshots and its idempotency keys in shared chunks (no array or
/// string per case or command): whatever falls at a chunk's end, however many cases and commands, every snapshot, key
/// and event reads back as committed, bytes given to a reader never change, and repeats are recognised.</summary>
public sealed class SharedChunksTests
{
    private static string SnapshotText(string caseNumber, int version, int size) =>
        $"{{\"case\":\"{caseNumber}\",\"v\":{version},\"pad\":\"{new string((char)('a' + version % 26), size)}\"}}";

    /// <summary>Commits version <paramref name="version"/> of case <paramref name="n"/> on the engine's path, storing
    /// <paramref name="snapshot"/> (none when empty); closed sets the case's conclusion time.</summary>
    private static void Commit(InMemoryCaseStore store, string n, int version, string snapshot, bool closed = false, string? key = null)
    {
        var row = Some.Case(n, version, snapshot: snapshot) with { ConcludedAt = closed ? Some.T0 : null };
        // The engine's usual read, which gives no bytes to anyone (GetCaseRow would).
        var head = version == 1 ? default : store.GetEngineRow(n)!.Value.Head;
        store.CommitEngine(CaseColumns.Of(row), version - 1, [new TaskCommented(n + "/1", "v" + version)], Some.T0.AddMinutes(version), "张三", head, [], [],
            key ?? $"{n}-{version}", new CommandResult(n, version, CaseState.InProgress, null, 1, []), null, [], []);
    }

    private static async Task<string> StoredAsync(InMemoryCaseStore store, string n) =>
        Encoding.UTF8.GetString((await store.GetCaseAsync(n))!.Snapshot.Span);

    private static byte[] ArrayOf(ReadOnlyMemory<byte> bytes) => MemoryMarshal.TryGetArray(bytes, out var segment) ? segment.Array! : throw new InvalidOperationException();

    [Fact]
    public async Task Snapshots_ManyCasesAcrossChunkEnds_EachReadsBackItsOwn()
    {
        var store = new InMemoryCaseStore();
        // 400 snapshots of 100 B to 3 KB (about 600 KB: many chunk ends), every 50th larger than an eighth of a chunk.
        var expected = new Dictionary<string, string>();
        for (var i = 0; i < 400; i++)
        {
            var n = "C" + i;
            expected[n] = SnapshotText(n, 1, i % 50 == 49 ? 10_000 + i : 100 + (i * 997 % 2_900));
            Commit(store, n, 1, expected[n]);
        }

        foreach (var (n, text) in expected) Assert.Equal(text, await StoredAsync(store, n));
        var arrays = new HashSet<byte[]>(ReferenceEqualityComparer.Instance);
        foreach (var n in expected.Keys) arrays.Add(ArrayOf((await store.GetCaseAsync(n))!.Snapshot));
        // Shared chunks (about ten), plus the eight large snapshots' own arrays.
        Assert.InRange(arrays.Count, 9, 30);
        Assert.Equal(10_000 + 49 + SnapshotText("C49", 1, 0).Length, ArrayOf((await store.GetCaseAsync("C49"))!.Snapshot).Length);
    }

    [Fact]
    public async Task Snapshot_LastInTheChunkAndNotGiven_IsWrittenOverByTheCasesNext()
    {
        var store = new InMemoryCaseStore();
        Commit(store, "A", 1, SnapshotText("A", 1, 300));
        Commit(store, "A", 2, SnapshotText("A", 2, 500));
        Commit(store, "B", 1, SnapshotText("B", 1, 10));

        var a = (await store.GetCaseAsync("A"))!.Snapshot;
        var b = (await store.GetCaseAsync("B"))!.Snapshot;
        Assert.Equal(SnapshotText("A", 2, 500), Encoding.UTF8.GetString(a.Span));
        Assert.True(MemoryMarshal.TryGetArray(a, out var sa));
        Assert.True(MemoryMarshal.TryGetArray(b, out var sb));
        // A's second snapshot took its first one's place (the new store's first chunk starts with it), and B follows it.
        Assert.Same(sa.Array, sb.Array);
        Assert.Equal((0, sa.Count), (sa.Offset, sb.Offset));
    }

    [Fact]
    public async Task Snapshot_GivenToAReader_NeverChanges_WhenTheCaseStoresAnother()
    {
        var store = new InMemoryCaseStore();
        Commit(store, "A", 1, SnapshotText("A", 1, 300));
        var first = (await store.GetCaseAsync("A"))!.Snapshot;
        // Still the chunk's last bytes, but given: the next snapshot goes after them, open or closed.
        Commit(store, "A", 2, SnapshotText("A", 2, 200));
        var second = (await store.GetCaseAsync("A"))!.Snapshot;
        Commit(store, "A", 3, SnapshotText("A", 3, 100), closed: true);

        Assert.Equal(SnapshotText("A", 1, 300), Encoding.UTF8.GetString(first.Span));
        Assert.Equal(SnapshotText("A", 2, 200), Encoding.UTF8.GetString(second.Span));
        Assert.Equal(SnapshotText("A", 3, 100), await StoredAsync(store, "A"));
    }

    [Fact]
    public async Task Snapshot_OpenCaseNoLongerLast_GoesToItsOwnArray_AndBackToTheChunksOnceClosed()
    {
        var store = new InMemoryCaseStore();
        Commit(store, "A", 1, SnapshotText("A", 1, 300));
        Commit(store, "B", 1, SnapshotText("B", 1, 300));
        Commit(store, "A", 2, SnapshotText("A", 2, 400));
        Commit(store, "A", 3, SnapshotText("A", 3, 410));
        var open = (await store.GetCaseAsync("A"))!.Snapshot;
        Commit(store, "A", 4, "");
        Commit(store, "A", 5, SnapshotText("A", 5, 450), closed: true);

        var chunk = ArrayOf((await store.GetCaseAsync("B"))!.Snapshot);
        var closed = (await store.GetCaseAsync("A"))!;
        Assert.NotSame(chunk, ArrayOf(open));
        Assert.Equal(SnapshotText("A", 3, 410), Encoding.UTF8.GetString(open.Span));
        Assert.Same(chunk, ArrayOf(closed.Snapshot));
        Assert.Equal((5L, 5L), (closed.Version, closed.SnapshotVersion));
        Assert.Equal(SnapshotText("A", 5, 450), Encoding.UTF8.GetString(closed.Snapshot.Span));
        Assert.Equal(SnapshotText("B", 1, 300), await StoredAsync(store, "B"));
    }

    [Fact]
    public async Task Commands_ManyKeysAcrossChunkEnds_FoundRefusedAgainAndNamedByTheirEvents()
    {
        var store = new InMemoryCaseStore();
        // Keys of 5 to 80 chars over 3,000 cases (about 130,000 chars: several chunk ends), one longer than a chunk.
        var keys = Enumerable.Range(0, 3_000).Select(i => $"key-{i}-" + new string('k', i * 7 % 75)).ToList();
        keys[1_500] = new string('L', 40_000);
        for (var i = 0; i < keys.Count; i++)
        {
            Commit(store, "C" + i, 1, "", key: keys[i]);
            Commit(store, "C" + i, 2, "", key: keys[i] + "+");
        }

        for (var i = 0; i < keys.Count; i += 7)
        {
            var record = await store.GetCommandAsync(string.Concat(keys[i], ""));
            Assert.NotNull(record);
            Assert.Equal((keys[i], "C" + i), (record.IdempotencyKey, record.CaseNumber));
            Assert.Equal(keys[i] + "+", (await store.GetCommandAsync(keys[i] + "+"))!.IdempotencyKey);
            var events = await store.ReadEventsAsync("C" + i);
            Assert.Equal([keys[i], keys[i] + "+"], events.Select(e => e.CommandKey));
            // The row's head is the log's own link (hashed over the key the arena keeps): the same as the read record's.
            Assert.Equal(events[^1].Hash.ToArray(), (await store.GetCaseAsync("C" + i))!.ChainHead.ToArray());
        }
        Assert.Equal(keys[1_500], (await store.GetCommandAsync(keys[1_500]))!.IdempotencyKey);
        Assert.Throws<DuplicateCommandException>(() => Commit(store, "C0", 3, "", key: keys[2_999]));
        Assert.Throws<DuplicateCommandException>(() => Commit(store, "C0", 3, "", key: keys[1_500]));
        Assert.Null(await store.GetCommandAsync("key-3000-"));
        // A refused commit left nothing behind: the next one with a new key goes through.
        Commit(store, "C0", 3, "", key: "new");
        Assert.Equal(3, (await store.GetCaseAsync("C0"))!.Version);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string> CommitWithKeyBuiltAtRunTime(InMemoryCaseStore store)
    {
        var key = string.Concat("run-time-", "key");
        Commit(store, "A", 1, SnapshotText("A", 1, 10), key: key);
        return new WeakReference<string>(key);
    }

    [Fact]
    public async Task CommitEngine_KeepsNoKeyString_AndStillFindsAndNamesTheKey()
    {
        var store = new InMemoryCaseStore();
        var weak = CommitWithKeyBuiltAtRunTime(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(weak.TryGetTarget(out _));
        Assert.Equal("run-time-key", (await store.GetCommandAsync("run-time-key"))!.IdempotencyKey);
        Assert.Equal("run-time-key", (await store.ReadEventsAsync("A"))[0].CommandKey);
        Assert.Throws<DuplicateCommandException>(() => Commit(store, "B", 1, "", key: "run-time-key"));
    }
}
