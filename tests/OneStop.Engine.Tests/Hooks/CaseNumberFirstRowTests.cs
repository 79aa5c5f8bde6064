using OneStop.Engine.Hooks;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Storage;
using OneStop.Storage.Conformance;
using OneStop.Testing;

// Root namespace: a OneStop.Engine.Tests.Hooks namespace would hide OneStop.Engine.Hooks from the other tests.
namespace OneStop.Engine.Tests;

/// <summary>The first number of an item and day is found from the store's row of that day's first number: only when it
/// is stored (a restart within the day) or the number turns out to be taken does the generator count the day's cases
/// with a search (a host-facing read, which waits for the fsync of what it may have seen).</summary>
public sealed class CaseNumberFirstRowTests
{
    private static readonly DateTimeOffset Day = Some.T0;

    [Fact]
    public async Task Next_NewDay_ReadsTheFirstNumbersRow_AndDoesNotSearch()
    {
        var store = new CountingStore(new InMemoryCaseStore());
        var generator = new DefaultCaseNumberGenerator(store, new FakeTimeProvider(Day, TimeZoneInfo.Utc));

        var a1 = await Next(generator, "A");
        var a2 = await Next(generator, "A");
        var b1 = await Next(generator, "B");

        Assert.Equal(["A-20250926-00001", "A-20250926-00002", "B-20250926-00001"], new[] { a1, a2, b1 });
        Assert.Equal(["A-20250926-00001", "B-20250926-00001"], store.RowReads);
        Assert.Equal(0, store.Searches);
    }

    [Fact]
    public async Task Next_DayAlreadyStored_ContinuesAfterTheStoredCases()
    {
        var inner = new InMemoryCaseStore();
        for (var i = 1; i <= 3; i++)
        {
            var number = $"000104002000-20250926-{i:00000}";
            await inner.CommitAsync(Some.Commit(number, 0, record: Some.Case(number, 1, submittedAt: Day.AddMinutes(i))));
        }
        var store = new CountingStore(inner);
        var generator = new DefaultCaseNumberGenerator(store, new FakeTimeProvider(Day, TimeZoneInfo.Utc));

        Assert.Equal("000104002000-20250926-00004", await Next(generator, "000104002000"));
        Assert.Equal(1, store.Searches);
    }

    [Fact]
    public async Task Next_TakenAfterAFirstRowWasAbsent_CountsOnce_AndContinuesAfterTheStoredCases()
    {
        var inner = new InMemoryCaseStore();
        var store = new CountingStore(inner);
        var generator = new DefaultCaseNumberGenerator(store, new FakeTimeProvider(Day, TimeZoneInfo.Utc));
        Assert.Equal("000104002000-20250926-00001", await Next(generator, "000104002000"));
        // Another node files the day's first three cases meanwhile; this node's first number collides.
        for (var i = 1; i <= 3; i++)
        {
            var number = $"000104002000-20250926-{i:00000}";
            await inner.CommitAsync(Some.Commit(number, 0, record: Some.Case(number, 1, submittedAt: Day.AddMinutes(i))));
        }

        Assert.Equal("000104002000-20250926-00004", await Next(generator, "000104002000", attempt: 2));
        Assert.Equal("000104002000-20250926-00005", await Next(generator, "000104002000", attempt: 2));
        Assert.Equal(1, store.Searches);
    }

    private static ValueTask<string> Next(DefaultCaseNumberGenerator generator, string item, int attempt = 1) =>
        generator.NextAsync(new CaseNumberArguments(item, "d", Day, attempt), CancellationToken.None);

    private sealed class CountingStore(ICaseStore inner) : DelegatingCaseStore(inner)
    {
        public List<string> RowReads { get; } = [];
        public int Searches;

        public override Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default)
        {
            lock (RowReads) RowReads.Add(caseNumber);
            return Inner.GetCaseRowAsync(caseNumber, cancellationToken);
        }

        public override Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref Searches);
            return Inner.SearchCasesAsync(query, cancellationToken);
        }
    }
}
