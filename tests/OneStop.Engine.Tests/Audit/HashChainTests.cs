using OneStop.Engine.Audit;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Audit;

public class HashChainTests
{
    private static async Task<(StatisticsHost Host, string Number, CaseChain Chain)> ConcludedChainAsync()
    {
        var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        var chain = (await ((IAuditTrailStore)host.Store).ReadChainAsync(n))!;
        return (host, n, chain);
    }

    private static List<TamperFinding> Check(CaseChain chain)
    {
        var findings = new List<TamperFinding>();
        RecordVerifier.Verify(chain, findings);
        return findings;
    }

    [Fact]
    public async Task Commit_EveryEvent_IsLinkedToItsPredecessorAndTheHeadIsInTheCaseRow()
    {
        var (host, n, chain) = await ConcludedChainAsync();
        using var _ = host;
        ReadOnlyMemory<byte> previous = ReadOnlyMemory<byte>.Empty;
        foreach (var e in chain.Events)
        {
            Assert.Equal(HashChain.HashSize, e.Hash.Length);
            Assert.Equal(HashChain.Link(previous.Span, e), e.Hash.ToArray());
            previous = e.Hash;
        }
        Assert.True(chain.Events.Count >= 4);
        Assert.Equal(previous.ToArray(), (await host.Store.GetCaseAsync(n))!.ChainHead.ToArray());
        Assert.True((await host.Engine.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task Verify_EditedPayload_NamesTheEditedEvent()
    {
        var (host, n, chain) = await ConcludedChainAsync();
        using var _ = host;
        var events = chain.Events.ToList();
        events[1] = events[1] with { Payload = "{\"type\":\"case.accepted.v1\",\"immediate\":true}"u8.ToArray() };

        var f = Assert.Single(Check(chain with { Events = events }));

        Assert.Equal((n, TamperKind.Edited, (long?)2), (f.CaseNumber, f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_EditedActor_IsCaught()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        var events = chain.Events.ToList();
        events[0] = events[0] with { Actor = "someone-else" };
        Assert.Equal(TamperKind.Edited, Assert.Single(Check(chain with { Events = events })).Kind);
    }

    [Fact]
    public async Task Verify_EventDeletedInTheMiddle_ReportsDeleted()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        var events = chain.Events.ToList();
        events.RemoveAt(2);
        var f = Assert.Single(Check(chain with { Events = events }));
        Assert.Equal((TamperKind.Deleted, (long?)3), (f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_LastEventDeleted_ReportsTruncated()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        var events = chain.Events.ToList();
        events.RemoveAt(events.Count - 1);
        var f = Assert.Single(Check(chain with { Events = events }));
        Assert.Equal((TamperKind.Truncated, (long?)chain.Version), (f.Kind, f.Sequence));
    }

    [Fact]
    public async Task Verify_TwoSequencesSwapped_ReportsBothAsReordered()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        var events = chain.Events.ToList();
        var (a, b) = (events[1], events[2]);
        events[1] = b with { Sequence = a.Sequence };
        events[2] = a with { Sequence = b.Sequence };

        var findings = Check(chain with { Events = events });

        Assert.Equal([TamperKind.Reordered, TamperKind.Reordered], findings.Select(f => f.Kind));
        Assert.Equal([2L, 3L], findings.Select(f => f.Sequence!.Value));
        Assert.Contains("written as event #3", findings[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BlankedHash_ReportsUnchained()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        var events = chain.Events.ToList();
        events[0] = events[0] with { Hash = ReadOnlyMemory<byte>.Empty };
        Assert.Contains(Check(chain with { Events = events }), f => f.Kind == TamperKind.Unchained && f.Sequence == 1);
    }

    [Fact]
    public async Task Verify_EventsWithoutCaseRow_ReportsInconsistent()
    {
        var (host, _, chain) = await ConcludedChainAsync();
        using var h = host;
        Assert.Contains(Check(chain with { HasCaseRow = false, Version = 0 }), f => f.Kind == TamperKind.Inconsistent);
    }
}
