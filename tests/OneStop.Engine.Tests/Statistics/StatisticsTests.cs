using OneStop.Engine.Statistics;

namespace OneStop.Engine.Tests.Statistics;

public class StatisticsTests
{
    [Fact]
    public async Task GetStatistics_DecidedTwoDaysIntoFiveDayLimit_CountsOnTimeAndEarly()
    {
        using var host = new StatisticsHost();
        var n = await host.AcceptedAsync();
        host.Clock.Advance(TimeSpan.FromDays(1));
        await host.DecideAsync(n);

        var report = await host.Engine.GetStatisticsAsync(new StatisticsQuery());

        Assert.Equal(1, report.Total.Decided);
        Assert.Equal(1, report.Total.OnTime);
        Assert.Equal(1, report.Total.Early);
        Assert.Equal(1.0, report.Total.OnTimeRate);
        var row = (await host.Store.GetCaseAsync(n))!;
        Assert.Equal(host.Calendar.WorkingMinutesBetween(row.Metrics!.AcceptedAt!.Value, row.Metrics.FinishedAt!.Value), row.Metrics.WorkingMinutes);
        Assert.Equal(row.Metrics.WorkingMinutes, report.Duration.MedianMinutes);
        Assert.Equal(host.Calendar.MinutesPerWorkday, report.Query.MinutesPerWorkday);
    }

    [Fact]
    public async Task GetStatistics_DecidedAfterPromisedLimit_CountsLateAndListsOpenOverdueCase()
    {
        using var host = new StatisticsHost();
        var late = await host.AcceptedAsync();
        var open = await host.AcceptedAsync();
        host.Clock.Advance(TimeSpan.FromDays(30));
        await host.DecideAsync(late);

        var report = await host.Engine.GetStatisticsAsync(new StatisticsQuery());

        Assert.Equal(1, report.Total.Decided);
        Assert.Equal(0, report.Total.OnTime);
        Assert.Equal(0.0, report.Total.OnTimeRate);
        Assert.Equal(1, report.OverdueTotal);
        Assert.Equal(open, Assert.Single(report.Overdue).CaseNumber);
        var row = (await host.Store.GetCaseAsync(late))!;
        Assert.True(row.Metrics!.WorkingMinutes > row.Metrics.LimitMinutes);
    }

    [Fact]
    public async Task GetStatistics_ByOutcome_SeparatesApprovedFromRejected()
    {
        using var host = new StatisticsHost();
        await host.DecideAsync(await host.AcceptedAsync());
        var r = await host.Engine.SubmitAsync(new SubmitCase(StatisticsHost.PromisedCode, "李四", "applicant", host.Key()));
        await host.Engine.ExecuteAsync(new Reject(r.CaseNumber, "window", host.Key(), "不属于本机关职权范围"));
        await host.AcceptedAsync();

        var report = await host.Engine.GetStatisticsAsync(new StatisticsQuery { By = StatisticsDimension.Outcome });

        Assert.Equal(2, report.Total.Finished);
        Assert.Equal(1, report.Total.Decided);
        Assert.Equal(["Approved", "Rejected"], report.Groups.Select(g => g.Key).Order());
        Assert.All(report.Groups, g => Assert.Equal(1, g.Finished));
    }

    [Fact]
    public async Task GetStatistics_PeriodExcludingTheDecision_CountsNothing()
    {
        using var host = new StatisticsHost();
        await host.DecideAsync(await host.AcceptedAsync());
        var now = host.Clock.GetUtcNow();

        var before = await host.Engine.GetStatisticsAsync(new StatisticsQuery { To = now.AddMinutes(-1) });
        var inside = await host.Engine.GetStatisticsAsync(new StatisticsQuery { From = now.AddMinutes(-1), To = now.AddMinutes(1), By = StatisticsDimension.Month });

        Assert.Equal(0, before.Total.Finished);
        Assert.Equal(1, inside.Total.Finished);
        Assert.Equal("2025-09", Assert.Single(inside.Groups).Key);
    }

    [Fact]
    public async Task GetStatistics_ReversedPeriod_Throws()
    {
        using var host = new StatisticsHost();
        var now = host.Clock.GetUtcNow();
        await Assert.ThrowsAsync<ArgumentException>(() => host.Engine.GetStatisticsAsync(new StatisticsQuery { From = now, To = now.AddDays(-1) }));
    }

    [Fact]
    public void Summarize_KnownHistogram_GivesMeanMedianAndP90()
    {
        // Values 1..10, once each: mean 5.5, lower median 5, nearest-rank p90 9.
        var histogram = Enumerable.Range(1, 10).Select(v => ((long)v, 1L)).ToList();
        var s = StatisticsMath.Summarize(histogram, 480);
        Assert.Equal(10, s.Count);
        Assert.Equal(5.5, s.MeanMinutes);
        Assert.Equal(5, s.MedianMinutes);
        Assert.Equal(9, s.P90Minutes);
        Assert.Null(StatisticsMath.Summarize([], 480).MedianMinutes);
    }

    [Fact]
    public async Task Commit_WithStatistics_ReplayStillEqualsSnapshot()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        var replayed = await host.Engine.ReplayAsync(n);
        Assert.Equal(TestHost.Json(await host.Engine.StoredSnapshotAsync(n)), TestHost.Json(replayed));
    }
}
