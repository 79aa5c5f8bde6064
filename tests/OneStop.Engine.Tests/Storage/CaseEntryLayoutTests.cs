using System.Reflection;
using System.Runtime.CompilerServices;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>What the in-memory store keeps per case beside its log: the case entry, with its columns' instants packed
/// (ticks and offset), its chain head as the link's pending part and the lock in the store's arena. Read back exactly.</summary>
public sealed class CaseEntryLayoutTests
{
    private static readonly DateTimeOffset[] Instants =
    [
        new DateTimeOffset(2026, 3, 2, 9, 30, 15, TimeSpan.FromHours(8)).AddTicks(1234567),
        new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.FromMinutes(-330)).AddTicks(9_999_999),
        new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
        new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)),
        DateTimeOffset.MinValue,
        DateTimeOffset.MaxValue,
    ];

    [Fact]
    public void CaseColumns_KeepTheirInstantsExactly_OffsetsAndAbsenceIncluded()
    {
        foreach (var a in Instants)
        {
            foreach (var b in Instants)
            {
                foreach (var (concluded, due) in new (DateTimeOffset?, DateTimeOffset?)[] { (null, null), (a, null), (null, b), (b, a) })
                {
                    var row = Some.Case("C1", 3, due: due) with { SubmittedAt = a, UpdatedAt = b, ConcludedAt = concluded };
                    var columns = CaseColumns.Of(row);
                    var assigned = CaseColumns.Of(Some.Case("C2", 1, due: Instants[0]) with { ConcludedAt = Instants[1] });
                    assigned.Assign(columns, default);
                    foreach (var c in new[] { columns, assigned, columns.WithSnapshot(default) })
                    {
                        Same(a, c.SubmittedAt);
                        Same(b, c.UpdatedAt);
                        Same(concluded, c.ConcludedAt);
                        Same(due, c.EarliestDue);
                        Assert.Equal(concluded is not null, c.IsConcluded);
                        var back = c.ToRecord(default);
                        Same(a, back.SubmittedAt);
                        Same(b, back.UpdatedAt);
                        Same(concluded, back.ConcludedAt);
                        Same(due, back.EarliestDue);
                    }
                }
            }
        }
    }

    // The same instant at the same offset (DateTimeOffset's equality compares the instant only).
    private static void Same(DateTimeOffset? expected, DateTimeOffset? actual)
    {
        Assert.Equal(expected, actual);
        Assert.Equal(expected?.Offset, actual?.Offset);
        Assert.Equal(expected?.DateTime, actual?.DateTime);
    }

    [Fact]
    public void CaseColumns_AreAtMost152Bytes()
    {
        // The four instants packed: 40 bytes fewer than as DateTimeOffsets (192 bytes before).
        Assert.True(Unsafe.SizeOf<CaseColumns>() <= 152, $"{Unsafe.SizeOf<CaseColumns>()} bytes");
    }

    [Fact]
    public void CaseEntry_IsAtMost304Bytes()
    {
        // One per case, promoted by every collection of a growing store (376 bytes before: a ChainLink of 32 bytes for the
        // head, the lock beside the arena, the instants unpacked).
        var type = typeof(InMemoryCaseStore).GetNestedType("CaseEntry", BindingFlags.NonPublic)!;
        RuntimeHelpers.GetUninitializedObject(type);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var entry = RuntimeHelpers.GetUninitializedObject(type);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(entry);
        Assert.True(bytes <= 304, $"{bytes} bytes");
    }

    [Fact]
    public async Task CommitEngine_TheRowsHead_IsTheLogsLastLink_ThroughReadersAndTheNextCommit()
    {
        var store = new InMemoryCaseStore();
        var at = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));
        var due = at.AddDays(3).ToOffset(TimeSpan.FromHours(-5));
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 1, submittedAt: at, due: due)), 0, [new TaskCommented("C1/1", "收件")], at, "张三", default, [], [], "k1",
            new CommandResult("C1", 1, CaseState.Submitted, null, 1, []), null, [], []);
        for (var v = 2; v <= 4; v++)
        {
            var head = store.GetCaseRow("C1")!.Head;
            Assert.Equal(v - 1, head.Sequence);
            store.CommitEngine(CaseColumns.Of(Some.Case("C1", v, submittedAt: at, due: due)), v - 1, [new TaskCommented("C1/1", "意见" + v)], at.AddMinutes(v), "张三",
                head, [], [], "k" + v, new CommandResult("C1", v, CaseState.InProgress, null, 1, []), null, [], []);
        }
        var events = await store.ReadEventsAsync("C1");
        var row = await store.GetCaseAsync("C1");
        Assert.Equal(4, events.Count);
        Assert.Equal(events[^1].Hash.ToArray(), row!.Head.Hash.ToArray());
        Assert.Equal(events[^1].Hash.ToArray(), store.GetCaseRow("C1")!.Head.Hash.ToArray());
        Same(at, row.SubmittedAt);
        Same(due, row.EarliestDue);
        // The due index holds the instant as committed.
        Assert.Equal(due, await store.GetNextDueAsync());
        Assert.Equal(["C1"], (await store.FindDueAsync(due, 10)).Select(c => c.CaseNumber));
    }

    [Fact]
    public void EventLog_InAGivenArena_IsGuardedByTheArenasLock()
    {
        var gate = new Lock();
        var arena = new InMemoryEventArena(gate);
        Assert.True(arena.Gate == gate);
        Assert.NotNull(new InMemoryEventLog(arena));
        Assert.NotNull(new InMemoryEventLog(arena, gate));
        Assert.Throws<ArgumentException>(() => new InMemoryEventLog(arena, new Lock()));
        Assert.False(new InMemoryEventArena().Gate == gate);
    }
}
