using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

public sealed class SimulationClockTests
{
    private static readonly DateTimeOffset Start = new(2025, 9, 15, 0, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Enter_TwoFlows_EachReadsItsOwnInstantAndTheCallerTheClocks()
    {
        var clock = new SimulationClock(Start, TimeZoneInfo.Utc);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<DateTimeOffset> FlowAsync(DateTimeOffset at)
        {
            clock.Enter(at);
            await gate.Task;
            return clock.GetUtcNow();
        }

        var first = FlowAsync(Start.AddHours(1));
        var second = FlowAsync(Start.AddHours(2));
        Assert.Equal(Start, clock.GetUtcNow());
        gate.SetResult();

        Assert.Equal(Start.AddHours(1), await first);
        Assert.Equal(Start.AddHours(2), await second);
        clock.MoveTo(Start.AddHours(3));
        Assert.Equal(Start.AddHours(3), clock.GetUtcNow());
    }

    [Fact]
    public async Task Enter_FlowAfterMoveTo_KeepsItsOwnInstant()
    {
        var clock = new SimulationClock(Start, TimeZoneInfo.Utc);
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<DateTimeOffset> FlowAsync()
        {
            clock.Enter(Start.AddHours(1));
            await moved.Task;
            return clock.GetUtcNow();
        }

        var flow = FlowAsync();
        clock.MoveTo(Start.AddHours(5));
        moved.SetResult();

        Assert.Equal(Start.AddHours(1), await flow);
        Assert.Throws<ArgumentOutOfRangeException>(() => clock.MoveTo(Start));
    }
}
