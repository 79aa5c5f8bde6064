using OneStop.Adapters.Sqlite;
using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

public sealed class SimulatorRunTests
{
    // Small and quick: 300 cases filed over 8 working days on a 60-item catalogue; synchronous=NORMAL keeps fsyncs out
    // of the test's time (FULL is the simulator's default and what the performance figures use).
    private static SimulationOptions Small(long seed = 11) => new()
    {
        Cases = 300, Concurrency = 16, Seed = seed, Items = 60, Departments = 6, WorkingDays = 8, Synchronous = SqliteSynchronousMode.Normal,
    };

    [Fact]
    public async Task RunAsync_SameSeedTwice_SameCounts()
    {
        var first = await new Simulator(Small()).RunAsync();
        var second = await new Simulator(Small()).RunAsync();

        Assert.Equal(first.Fingerprint, second.Fingerprint);
        Assert.Equal(300, first.Filed);
        Assert.Equal(first.Filed, first.Finished);
        Assert.Equal(0, first.Counters.Stuck);
        Assert.True(first.Counters.Commands > 3 * first.Filed, first.Fingerprint);
        Assert.True(first.DeadlinesFired > 0, "no deadline fired");
        Assert.True(first.Alerts > 0, "no alert raised");
        Assert.True(first.Counters.BadEvaluations > 0, "no bad rating");
        Assert.True(first.Counters.SubcasesAccepted > 0, "no subcase ran");
        Assert.True(first.ServiceCalls > 0, "no service call");
        Assert.True(first.Verification is { IsIntact: true }, "audit chain not intact");
        Assert.True(first.Verification!.CasesChecked >= first.Filed);
        Assert.NotNull(first.OnTimeRate);
        Assert.False(File.Exists(first.DatabasePath), "the temporary database was left behind");
        // The driver keeps only open cases: finished ones are dropped, so its state follows the open count.
        Assert.InRange(first.PeakOpenRuns, 1, first.Filed - 1);
        Assert.True(first.DrivePeakWorkingSet > 0 && first.DrivePeakWorkingSet <= first.PeakWorkingSet);
    }

    [Fact]
    public async Task RunAsync_OneDriverOrMany_SameCounts()
    {
        // Families run concurrently, but each family's order is fixed, so thread timing must not change any count.
        var serial = Small(seed: 12);
        serial.Concurrency = 1;
        var parallel = Small(seed: 12);
        parallel.Concurrency = 48;

        var one = await new Simulator(serial).RunAsync();
        var many = await new Simulator(parallel).RunAsync();

        Assert.Equal(one.Fingerprint, many.Fingerprint);
        Assert.True(one.DeadlinesFired > 0, "no deadline fired");
    }

    [Fact]
    public async Task Simulate_Command_PrintsEveryField()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["simulate", "--cases", "120", "--items", "40", "--departments", "4", "--days", "4", "--sync", "normal", "--seed", "3"], output, error);

        Assert.True(exit == 0, error.ToString() + output);
        var text = output.ToString();
        foreach (var label in new[] { "catalogue:", "simulated:", "cases:", "mix:", "commands:", "throughput:", "latency:", "deadlines:", "alerts:", "on-time rate:", "evaluations:", "memory:", "audit chain:", "database:", "fingerprint:" })
            Assert.Contains(label, text);
        Assert.Contains("cases/s", text);
        Assert.Contains("actions/s", text);
        Assert.Contains("p50", text);
        Assert.Contains("p99", text);
        Assert.Contains("peak working set", text);
        Assert.Contains("intact", text);
        Assert.Contains("0 diagnostics", text);
        Assert.Contains("2025-09-15", text);
        Assert.Contains("snapshot cache 10,000", text);
    }

    [Fact]
    public async Task Simulate_SnapshotCacheOption_IsTheEngines()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await CliApp.RunAsync(["simulate", "--cases", "60", "--items", "40", "--departments", "4", "--days", "2", "--sync", "normal", "--no-verify", "--snapshot-cache", "16"], output, error);

        Assert.True(exit == 0, error.ToString() + output);
        Assert.Contains("snapshot cache 16,", output.ToString());
    }

    [Fact]
    public async Task Simulate_BadOptions_UsageError()
    {
        var error = new StringWriter();
        Assert.Equal(2, await CliApp.RunAsync(["simulate", "--cases", "0"], new StringWriter(), error));
        Assert.Contains("--cases", error.ToString());
        Assert.Equal(2, await CliApp.RunAsync(["simulate", "--sync", "sometimes"], new StringWriter(), error));
        Assert.Contains("--sync", error.ToString());
        Assert.Equal(2, await CliApp.RunAsync(["simulate", "--snapshot-cache", "-1"], new StringWriter(), error));
        Assert.Contains("--snapshot-cache", error.ToString());
    }
}
