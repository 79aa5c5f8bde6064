using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The engine on an in-memory store whose snapshots and keys fill many shared chunks: cases moved on in turn
/// (each snapshot behind other cases' ones) and one at a time (each snapshot written over the case's last), with a
/// snapshot every two events; every case then replays to its stored snapshot, and its commands repeat as repeats.</summary>
public sealed class SharedChunksEngineTests
{
    private static readonly string[] Steps = ["intake", "sa", "sb", "sc", "sd", "handout"];

    private static async Task MoveAsync(TestHost host, string n, int step)
    {
        if (step == 0) await host.Engine.ExecuteAsync(new Accept(n, "window", "accept-" + n));
        else if (step <= Steps.Length) await host.ApproveAsync(n, Steps[step - 1]);
        else await host.Engine.ExecuteAsync(new Deliver(n, "window", "deliver-" + n));
    }

    [Fact]
    public async Task ManyCases_InTurnAndOneAtATime_ReplayToTheirSnapshots_AndRepeatAsRepeats()
    {
        using var host = new TestHost(options: new OneStopOptions { SnapshotInterval = 2 });
        var inTurn = new List<string>();
        for (var i = 0; i < 80; i++) inTurn.Add(await host.SubmitAsync(SomeItems.JointCode, null, "report"));
        for (var step = 0; step <= Steps.Length + 1; step++)
        {
            foreach (var n in inTurn) await MoveAsync(host, n, step);
        }
        var alone = new List<string>();
        for (var i = 0; i < 80; i++)
        {
            var n = await host.SubmitAsync(SomeItems.JointCode, null, "report");
            for (var step = 0; step <= Steps.Length + 1; step++) await MoveAsync(host, n, step);
            alone.Add(n);
        }

        foreach (var n in inTurn.Concat(alone))
        {
            var row = (await host.Store.GetCaseAsync(n))!;
            Assert.Equal((row.Version, CaseState.Concluded.ToString()), (row.SnapshotVersion, row.State));
            await host.AssertReplayEqualsSnapshotAsync(n);
            var again = await host.Engine.ExecuteAsync(new Accept(n, "window", "accept-" + n));
            Assert.True(again.Repeated);
            var delivered = await host.Engine.ExecuteAsync(new Deliver(n, "window", "deliver-" + n));
            Assert.True(delivered.Repeated);
            Assert.Equal(row.Version, delivered.Version);
        }
    }
}
