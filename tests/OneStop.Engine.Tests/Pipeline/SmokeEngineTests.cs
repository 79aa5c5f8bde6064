namespace OneStop.Engine.Tests.Pipeline;

public class SmokeEngineTests
{
    [Fact]
    public async Task Simple_ApproveBothSteps_DecidedApproved()
    {
        using var host = new TestHost();
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        await host.ApproveAsync(number, "review");
        var r = await host.ApproveAsync(number, "decide");
        Assert.Equal(CaseState.Decided, r.State);
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
        await host.AssertReplayEqualsSnapshotAsync(number);
    }
}
