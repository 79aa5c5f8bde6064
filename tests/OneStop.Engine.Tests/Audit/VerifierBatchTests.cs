using System.Runtime.CompilerServices;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Audit;

/// <summary>The whole-store verification hashes batches of chains on another thread while it reads the next: what it
/// reports must not depend on where the batches end.</summary>
public class VerifierBatchTests
{
    private sealed class ListedChains(IReadOnlyList<CaseChain> chains) : IAuditTrailStore
    {
        public async IAsyncEnumerable<CaseChain> ReadChainsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var chain in chains)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return chain;
            }
            await Task.CompletedTask;
        }

        public Task<CaseChain?> ReadChainAsync(string caseNumber, CancellationToken cancellationToken = default) =>
            Task.FromResult(chains.FirstOrDefault(c => c.CaseNumber == caseNumber));
    }

    private static async Task<List<CaseChain>> ChainsAsync(int count)
    {
        using var host = new StatisticsHost();
        var audit = (IAuditTrailStore)host.Store;
        var chains = new List<CaseChain>();
        for (var i = 0; i < count; i++) chains.Add((await audit.ReadChainAsync(await host.ConcludedAsync()))!);
        return chains;
    }

    private static CaseChain Edited(CaseChain chain, int index)
    {
        var events = chain.Events.ToList();
        events[index] = events[index] with { Actor = "someone-else" };
        return chain with { Events = events };
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(8192)]
    public async Task VerifyAsync_AnyBatchSize_ReportsEveryTamperedCaseOnceInReadOrder(int batchEvents)
    {
        var chains = await ChainsAsync(24);
        chains[2] = Edited(chains[2], 1);
        chains[11] = chains[11] with { HasCaseRow = false, Version = 0 };
        chains[23] = Edited(chains[23], 0);
        var store = new ListedChains(chains);

        var report = await RecordVerifier.VerifyChainsAsync(store, batchEvents, CancellationToken.None);

        var expected = new List<TamperFinding>();
        foreach (var chain in chains) RecordVerifier.Verify(chain, expected);
        Assert.Equal(3, expected.Select(f => f.CaseNumber).Distinct().Count());
        Assert.Equal(expected, report.Findings);
        Assert.Equal([chains[2].CaseNumber, chains[11].CaseNumber, chains[23].CaseNumber], report.TamperedCases);
        Assert.Equal((24L, chains.Sum(c => (long)c.Events.Count)), (report.CasesChecked, report.EventsChecked));
    }

    [Fact]
    public async Task VerifyAsync_Cancelled_Throws()
    {
        var store = new ListedChains(await ChainsAsync(3));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RecordVerifier.VerifyChainsAsync(store, 1, cancelled.Token));
    }
}
