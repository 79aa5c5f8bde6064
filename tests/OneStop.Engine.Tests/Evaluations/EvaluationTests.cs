using OneStop.Definitions;
using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Evaluations;

public class EvaluationTests
{
    [Fact]
    public async Task Evaluate_CaseStillInProgress_ThrowsAndWritesNothing()
    {
        using var host = new StatisticsHost();
        var n = await host.AcceptedAsync();
        var version = (await host.Store.GetCaseAsync(n))!.Version;

        var ex = await Assert.ThrowsAsync<EvaluationNotAllowedException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Web)));

        Assert.Equal(CaseState.InProgress, ex.State);
        Assert.Equal(version, (await host.Store.GetCaseAsync(n))!.Version);
    }

    [Fact]
    public async Task Evaluate_SameChannelTwice_ThrowsButAnotherChannelIsAccepted()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 4, EvaluationChannel.Window));

        await Assert.ThrowsAsync<EvaluationNotAllowedException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Window)));
        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Sms, "很快"));

        var report = await host.Engine.GetStatisticsAsync(new StatisticsQuery());
        Assert.Equal(2, report.Satisfaction.Count);
        Assert.Equal(4.5, report.Satisfaction.Mean);
        Assert.Equal(1.0, report.Satisfaction.SatisfiedRate);
    }

    [Fact]
    public async Task Evaluate_RejectedCase_IsAllowed()
    {
        using var host = new StatisticsHost();
        var r = await host.Engine.SubmitAsync(new SubmitCase(StatisticsHost.PromisedCode, "李四", "applicant", host.Key()));
        await host.Engine.ExecuteAsync(new Reject(r.CaseNumber, "window", host.Key(), "材料不全"));
        var result = await host.Engine.EvaluateAsync(new Evaluate(r.CaseNumber, "applicant", host.Key(), 3, EvaluationChannel.App));
        Assert.Equal(1, result.EventCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public async Task Evaluate_RatingOutOfRange_Throws(int rating)
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), rating, EvaluationChannel.Web)));
    }

    [Fact]
    public async Task Evaluate_BadRating_OpensRectificationClocksThatGoOverdueAndCloseWhenRectified()
    {
        using var host = new StatisticsHost(evaluations: new EvaluationOptions { RectifyWithin = TimeAmount.Workdays(3) });
        var n = await host.ConcludedAsync();
        var at = host.Clock.GetUtcNow();
        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 1, EvaluationChannel.Hotline, "态度差"));

        var snapshot = await host.Engine.StoredSnapshotAsync(n);
        var e = Assert.Single(snapshot.Evaluations!);
        Assert.Equal(host.Calendar.Add(at, TimeAmount.Workdays(1)).Instant, e.ContactDue);
        Assert.Equal(host.Calendar.Add(at, TimeAmount.Workdays(3)).Instant, e.RectifyDue);
        var fresh = await host.Engine.GetStatisticsAsync(new StatisticsQuery());
        Assert.Equal((1, 0, 1L), (fresh.Satisfaction.OpenRectifications, fresh.Satisfaction.OverdueRectifications, fresh.Satisfaction.Bad));

        host.Clock.Advance(TimeSpan.FromDays(4));
        var late = await host.Engine.GetStatisticsAsync(new StatisticsQuery());
        Assert.Equal(1, late.Satisfaction.OverdueRectifications);

        await host.Engine.RecordRectificationAsync(new RecordRectification(n, "supervisor", host.Key(), EvaluationChannel.Hotline, RectificationStage.Rectified, "已整改"));
        var done = await host.Engine.GetStatisticsAsync(new StatisticsQuery());
        Assert.Equal((0, 0), (done.Satisfaction.OpenRectifications, done.Satisfaction.OverdueRectifications));
        await Assert.ThrowsAsync<EvaluationNotAllowedException>(() => host.Engine.RecordRectificationAsync(
            new RecordRectification(n, "supervisor", host.Key(), EvaluationChannel.Hotline, RectificationStage.Rectified, "再次")));
    }

    [Fact]
    public async Task RecordRectification_GoodRating_Throws()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Web));
        await Assert.ThrowsAsync<EvaluationNotAllowedException>(() => host.Engine.RecordRectificationAsync(
            new RecordRectification(n, "supervisor", host.Key(), EvaluationChannel.Web, RectificationStage.Contacted, "回访")));
    }

    [Fact]
    public async Task Evaluate_RepeatedKey_ReturnsFirstResult()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        var first = await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", "same", 2, EvaluationChannel.Web));
        var again = await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", "same", 2, EvaluationChannel.Web));
        Assert.True(again.Repeated);
        Assert.Equal(first.Version, again.Version);
    }
}
