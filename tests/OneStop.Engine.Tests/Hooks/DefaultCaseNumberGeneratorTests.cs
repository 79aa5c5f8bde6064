using OneStop.Engine.Hooks;
using OneStop.Engine.Storage;
using OneStop.Testing;

// Root namespace: a OneStop.Engine.Tests.Hooks namespace would hide OneStop.Engine.Hooks from the other tests.
namespace OneStop.Engine.Tests;

public sealed class DefaultCaseNumberGeneratorTests
{
    private static readonly DateTimeOffset Day1 = new(2025, 9, 15, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Next_NewDay_CountsFromOneAndForgetsOtherDays()
    {
        var time = new FakeTimeProvider(Day1, TimeZoneInfo.Utc);
        var generator = new DefaultCaseNumberGenerator(new InMemoryCaseStore(), time);

        var a1 = await generator.NextAsync(new CaseNumberArguments("A", "d", Day1, 1), CancellationToken.None);
        var a2 = await generator.NextAsync(new CaseNumberArguments("A", "d", Day1, 1), CancellationToken.None);
        var b1 = await generator.NextAsync(new CaseNumberArguments("B", "d", Day1, 1), CancellationToken.None);
        Assert.Equal(2, generator.CounterCount);

        var next = await generator.NextAsync(new CaseNumberArguments("A", "d", Day1.AddDays(1), 1), CancellationToken.None);

        Assert.Equal(["A-20250915-00001", "A-20250915-00002", "B-20250915-00001"], new[] { a1, a2, b1 });
        Assert.Equal("A-20250916-00001", next);
        Assert.Equal(1, generator.CounterCount);
        // An earlier day asked again is counted from the store, as after a restart (nothing was stored here, so it starts
        // at 1 again; with the cases committed it continues after them); the latest day keeps its counter.
        Assert.Equal("B-20250915-00001", await generator.NextAsync(new CaseNumberArguments("B", "d", Day1, 1), CancellationToken.None));
        Assert.Equal("A-20250916-00002", await generator.NextAsync(new CaseNumberArguments("A", "d", Day1.AddDays(1), 1), CancellationToken.None));
    }

    [Fact]
    public async Task Next_HeldCounter_CompletesAtOnce_WithAtLeastFiveDigits()
    {
        var time = new FakeTimeProvider(Day1, TimeZoneInfo.Utc);
        var generator = new DefaultCaseNumberGenerator(new InMemoryCaseStore(), time);
        var numbers = new List<string>();
        for (var i = 0; i < 100_001; i++)
        {
            var next = generator.NextAsync(new CaseNumberArguments("A", "d", Day1, 1), CancellationToken.None);
            // The first number of the day reads the store; every later one is taken at once.
            if (i > 0) Assert.True(next.IsCompletedSuccessfully);
            numbers.Add(await next);
        }

        Assert.Equal("A-20250915-00001", numbers[0]);
        Assert.Equal("A-20250915-00010", numbers[9]);
        Assert.Equal("A-20250915-99999", numbers[99_998]);
        Assert.Equal("A-20250915-100000", numbers[99_999]);
        Assert.Equal("A-20250915-100001", numbers[100_000]);
        Assert.Equal(numbers.Count, numbers.Distinct(StringComparer.Ordinal).Count());
    }
}
