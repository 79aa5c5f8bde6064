using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Evaluations;

public class EvaluationAuthorizationTests
{
    /// <summary>Allows everything except the evaluation roles, which it grants only to the listed actors; records every question.</summary>
    private sealed class EvaluationGate(params string[] allowed) : IActorAuthorizer
    {
        public List<ActorAuthorizationArguments> Asked { get; } = [];

        public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken)
        {
            lock (Asked) Asked.Add(arguments);
            var evaluation = arguments.Role is "evaluation" or "evaluation.rectification";
            return ValueTask.FromResult(!evaluation || allowed.Contains(arguments.Actor));
        }
    }

    [Fact]
    public async Task Evaluate_AuthorizerRefuses_ThrowsUnauthorizedAndWritesNothing()
    {
        var gate = new EvaluationGate("张三");
        using var host = new StatisticsHost(authorizer: gate);
        var n = await host.ConcludedAsync();
        var version = (await host.Store.GetCaseAsync(n))!.Version;

        var ex = await Assert.ThrowsAsync<UnauthorizedActionException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "冒名者", host.Key(), 1, EvaluationChannel.Web, "差")));

        Assert.Equal("evaluation", ex.Arguments.Role);
        Assert.Equal(n, ex.Arguments.CaseNumber);
        Assert.Null(ex.Arguments.TaskId);
        Assert.Null(ex.Arguments.Department);
        Assert.Equal(version, (await host.Store.GetCaseAsync(n))!.Version);
        Assert.Null((await host.Engine.StoredSnapshotAsync(n)).Evaluations);
        Assert.Equal(0, (await host.Engine.GetStatisticsAsync(new StatisticsQuery())).Satisfaction.Count);
    }

    [Fact]
    public async Task Evaluate_AuthorizerAllows_IsAskedOnceWithTheEvaluationRoleAndRecords()
    {
        var gate = new EvaluationGate("张三");
        using var host = new StatisticsHost(authorizer: gate);
        var n = await host.ConcludedAsync();

        await host.Engine.EvaluateAsync(new Evaluate(n, "张三", host.Key(), 5, EvaluationChannel.App));

        var asked = Assert.Single(gate.Asked, a => a.Role == "evaluation");
        Assert.Equal(("张三", CaseAction.CommentTask, n, StatisticsHost.PromisedCode), (asked.Actor, asked.Action, asked.CaseNumber, asked.ItemCode));
        Assert.Equal(1, (await host.Engine.GetStatisticsAsync(new StatisticsQuery())).Satisfaction.Count);
    }

    [Fact]
    public async Task Evaluate_IllegalState_ReportedBeforeAskingTheAuthorizer()
    {
        var gate = new EvaluationGate();
        using var host = new StatisticsHost(authorizer: gate);
        var n = await host.AcceptedAsync();

        await Assert.ThrowsAsync<EvaluationNotAllowedException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "冒名者", host.Key(), 5, EvaluationChannel.Web)));
        Assert.DoesNotContain(gate.Asked, a => a.Role == "evaluation");
    }

    [Fact]
    public async Task RecordRectification_AuthorizerRefuses_ThrowsAndTheRectificationStaysOpen()
    {
        var gate = new EvaluationGate("张三", "督办员");
        using var host = new StatisticsHost(authorizer: gate);
        var n = await host.ConcludedAsync();
        await host.Engine.EvaluateAsync(new Evaluate(n, "张三", host.Key(), 1, EvaluationChannel.Hotline, "态度差"));

        var ex = await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.RecordRectificationAsync(
            new RecordRectification(n, "路人", host.Key(), EvaluationChannel.Hotline, RectificationStage.Rectified, "已整改")));
        Assert.Equal("evaluation.rectification", ex.Arguments.Role);
        Assert.Equal("市测试局", ex.Arguments.Department);
        Assert.Equal(1, (await host.Engine.GetStatisticsAsync(new StatisticsQuery())).Satisfaction.OpenRectifications);

        await host.Engine.RecordRectificationAsync(new RecordRectification(n, "督办员", host.Key(), EvaluationChannel.Hotline, RectificationStage.Rectified, "已整改"));
        Assert.Equal(0, (await host.Engine.GetStatisticsAsync(new StatisticsQuery())).Satisfaction.OpenRectifications);
    }

    [Fact]
    public async Task Evaluate_RefusedThenRepeatedByAllowedActorWithSameKey_IsNotARepeat()
    {
        var gate = new EvaluationGate("张三");
        using var host = new StatisticsHost(authorizer: gate);
        var n = await host.ConcludedAsync();
        var key = host.Key();
        await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.EvaluateAsync(new Evaluate(n, "冒名者", key, 1, EvaluationChannel.Web)));

        var result = await host.Engine.EvaluateAsync(new Evaluate(n, "张三", key, 4, EvaluationChannel.Web));

        Assert.False(result.Repeated);
        Assert.Equal(4.0, (await host.Engine.GetStatisticsAsync(new StatisticsQuery())).Satisfaction.Mean);
    }
}
