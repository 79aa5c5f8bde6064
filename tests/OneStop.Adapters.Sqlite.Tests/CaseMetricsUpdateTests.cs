using OneStop.Engine.Statistics;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A case UPDATE sets the acceptance's metrics (accepted, due, limit) and the finish's (finished, result,
/// working time, on time, early) as two groups, each only when it changed: SQLite maintains every index that names a
/// column the UPDATE sets, so an acceptance that set the finish's columns too opened the six statistics indexes for
/// nothing. The stored columns and the statistics indexes are the same either way.</summary>
public sealed class CaseMetricsUpdateTests : IDisposable
{
    private const int SetsState = 1, SetsDue = 2, SetsFinish = 4, SetsAcceptance = 8;
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    private static CaseCommit Commit(long expected, string state, CaseMetrics? metrics) =>
        Some.Commit("M-1", expected, record: Some.Case("M-1", expected + 1, state: state) with { Metrics = metrics });

    [Fact]
    public async Task Acceptance_DueChange_Finish_EachSetsOnlyItsGroup_AndTheRowAndIndexesHoldEveryValue()
    {
        var t0 = Some.T0;
        var accepted = new CaseMetrics(t0.AddHours(1), t0.AddDays(5), 7_200, null, null, null, null, null);
        var extended = accepted with { DueAt = t0.AddDays(9), LimitMinutes = 12_960 };
        // The same instants at another offset are the same values (stored as UTC ticks).
        var finished = extended with { AcceptedAt = t0.AddHours(1).ToOffset(TimeSpan.FromHours(8)), FinishedAt = t0.AddDays(3), Result = "Approved", WorkingMinutes = 1_440, OnTime = true, Early = true };
        await using var store = SqliteCaseStore.Open(_file.Path);
        async Task<int> Step(long expected, string state, CaseMetrics? metrics)
        {
            await store.CommitAsync(Commit(expected, state, metrics));
            return (int)(await store.Writer.EnqueueAsync(session => session.LastCaseUpdate, CancellationToken.None))!;
        }

        await Step(0, "Submitted", null);
        Assert.Equal(SetsState | SetsAcceptance, await Step(1, "Accepted", accepted));
        Assert.Equal(SetsAcceptance, await Step(2, "Accepted", extended));
        Assert.Equal(SetsState | SetsFinish, await Step(3, "Approved", finished));
        Assert.Equal(0, await Step(4, "Approved", finished with { }));

        Assert.Equal(
            $"{t0.AddHours(1).UtcTicks}|{t0.AddDays(9).UtcTicks}|12960|{t0.AddDays(3).UtcTicks}|Approved|1440|1|1",
            _file.Scalar("SELECT concat_ws('|', accepted_at, due_at, limit_minutes, finished_at, result, working_minutes, on_time, early) FROM cases"));
        Assert.Equal(finished, (await store.GetCaseRowAsync("M-1"))!.Metrics);
        // Finished: in every statistics index, out of the open-due one.
        foreach (var index in new[] { "ix_cases_finished", "ix_cases_by_item", "ix_cases_by_department", "ix_cases_by_kind", "ix_cases_by_result" })
            Assert.Equal(1L, _file.Scalar($"SELECT count(*) FROM cases INDEXED BY {index} WHERE finished_at IS NOT NULL"));
        Assert.Equal(1L, _file.Scalar("SELECT count(*) FROM cases INDEXED BY ix_cases_duration WHERE working_minutes IS NOT NULL"));
        Assert.Equal(0L, _file.Scalar("SELECT count(*) FROM cases INDEXED BY ix_cases_open_due WHERE due_at IS NOT NULL AND finished_at IS NULL"));
        Assert.Equal("ok", _file.Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Acceptance_OpenDueIndexHoldsTheCase_UntilItsFinish()
    {
        var t0 = Some.T0;
        var accepted = new CaseMetrics(t0, t0.AddDays(5), 7_200, null, null, null, null, null);
        await using var store = SqliteCaseStore.Open(_file.Path);
        await store.CommitAsync(Commit(0, "Submitted", null));
        await store.CommitAsync(Commit(1, "Accepted", accepted));

        Assert.Equal(t0.AddDays(5).UtcTicks, _file.Scalar("SELECT due_at FROM cases INDEXED BY ix_cases_open_due WHERE due_at IS NOT NULL AND finished_at IS NULL"));
        Assert.Equal(0L, _file.Scalar("SELECT count(*) FROM cases INDEXED BY ix_cases_finished WHERE finished_at IS NOT NULL"));

        await store.CommitAsync(Commit(2, "Approved", accepted with { FinishedAt = t0.AddDays(1), Result = "Approved", WorkingMinutes = 60, OnTime = true, Early = true }));

        Assert.Equal(0L, _file.Scalar("SELECT count(*) FROM cases INDEXED BY ix_cases_open_due WHERE due_at IS NOT NULL AND finished_at IS NULL"));
        Assert.Equal(1L, _file.Scalar("SELECT count(*) FROM cases INDEXED BY ix_cases_finished WHERE finished_at IS NOT NULL"));
        Assert.Equal("ok", _file.Scalar("PRAGMA integrity_check"));
    }
}
