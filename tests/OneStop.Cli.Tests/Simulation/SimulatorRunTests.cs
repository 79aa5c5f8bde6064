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
    public async Task RunAsync_GroupsOfOneOrUncapped_SameCounts()
    {
        // The group cap only decides which commits share a transaction and an fsync; each commit is the same, so the
        // counts must be too, whether every commit is alone in its group or a group takes everything queued.
        var alone = Small(seed: 14);
        alone.MaxBatch = 1;
        alone.Concurrency = 48;
        var uncapped = Small(seed: 14);
        uncapped.MaxBatch = 4096;
        uncapped.Concurrency = 48;

        var one = await new Simulator(alone).RunAsync();
        var all = await new Simulator(uncapped).RunAsync();

        Assert.Equal(one.Fingerprint, all.Fingerprint);
        Assert.True(one.Counters.Commands > 3 * one.Filed, one.Fingerprint);
    }

    [Fact]
    public void Options_Defaults_TwiceTheDriversInGroupsOfAtMost32()
    {
        // Session 32 (idle33): 128 drivers whose commits go in groups of at most 32, so a group is synced while the
        // writer writes the next and the drivers are not all waiting for one fsync.
        var options = new SimulationOptions();
        Assert.Equal(128, options.Concurrency);
        Assert.Equal(32, options.MaxBatch);
        Assert.Empty(options.Validate());
        options.MaxBatch = 0;
        Assert.Contains(options.Validate(), e => e.Contains("--max-batch", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SubcasesFromIndexOrSearch_SameCounts()
    {
        // Waiting cases find their children in the simulator's index of filing commits instead of the store's search by
        // applicant: the same children in the same order, so the same counts.
        var searched = Small(seed: 13);
        searched.SubcaseIndex = false;

        var fromSearch = await new Simulator(searched).RunAsync();
        var fromIndex = await new Simulator(Small(seed: 13)).RunAsync();

        Assert.Equal(fromSearch.Fingerprint, fromIndex.Fingerprint);
        Assert.True(fromSearch.Counters.SubcasesAccepted > 0, "no subcase was accepted");
        Assert.True(fromSearch.Counters.SubcaseSearches > 0 && fromSearch.Counters.SubcaseIndexLooks == 0, "the search path did not search");
        Assert.Equal(0, fromIndex.Counters.SubcaseSearches);
        Assert.Equal(fromSearch.Counters.SubcaseSearches, fromIndex.Counters.SubcaseIndexLooks);
        // Every family finished: the index forgot their children.
        Assert.Equal(fromIndex.Filed, fromIndex.Finished);
        Assert.Equal(0, fromIndex.SubcasesIndexed);
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
        // The command takes its defaults from the options (it had its own 64 before).
        Assert.Contains("concurrency 128, groups of at most 32,", text);
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
        Assert.Equal(2, await CliApp.RunAsync(["simulate", "--max-batch", "0"], new StringWriter(), error));
        Assert.Contains("--max-batch", error.ToString());
    }
}
