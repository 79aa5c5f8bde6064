using OneStop.Testing;

namespace OneStop.Engine.Tests;

public class FakeTimeProviderTests
{
    [Fact]
    public void Advance_FiresDueTimerOnce()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 26, 1, 0, 0, TimeSpan.Zero));
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromMinutes(5), Timeout.InfiniteTimeSpan);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, fired);
        clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, fired);
        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, fired);
    }

    [Fact]
    public void SetUtcNow_Backwards_Throws()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 9, 26, 1, 0, 0, TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.SetUtcNow(new DateTimeOffset(2025, 9, 25, 1, 0, 0, TimeSpan.Zero)));
    }
}
