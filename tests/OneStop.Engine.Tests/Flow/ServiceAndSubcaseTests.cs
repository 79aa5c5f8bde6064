namespace OneStop.Engine.Tests.Flow;

public class ServiceAndSubcaseTests
{
    private const string ServiceCode = "000100000031";
    private const string ParentCode = "000100000032";

    private static OneStop.Definitions.Catalogue Catalogue() => SomeItems.Catalogue(SomeItems.Simple,
        SomeItems.Item(ServiceCode, """
            - service: { id: credit, handler: credit-check }
            - { step: review, role: clerk }
            """),
        SomeItems.Item(ParentCode, """
            - subcase: { id: child, item: "000100000001", map: { stage: stage } }
            - { step: finish, role: clerk }
            """));

    private sealed class CreditCheck(Func<int, ServiceResult> answer) : IServiceHandler
    {
        public int Calls;
        public string Name => "credit-check";

        public ValueTask<ServiceResult> HandleAsync(ServiceCallArguments arguments, CancellationToken cancellationToken) =>
            ValueTask.FromResult(answer(++Calls));
    }

    [Fact]
    public async Task Service_HandlerApproves_CompletionAdvancesTheCase()
    {
        var handler = new CreditCheck(_ => new ServiceResult(true, "信用良好"));
        using var host = new TestHost(Catalogue(), services: [handler]);
        var n = await host.AcceptedAsync(ServiceCode);
        Assert.Empty((await host.ViewAsync(n)).OpenTasks);
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal(1, handler.Calls);
        Assert.Equal("review", Assert.Single((await host.ViewAsync(n)).OpenTasks).StepId);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Service_HandlerDenies_CaseIsDenied()
    {
        using var host = new TestHost(Catalogue(), services: [new CreditCheck(_ => new ServiceResult(false, "失信"))]);
        var n = await host.AcceptedAsync(ServiceCode);
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal(CaseOutcome.Denied, (await host.ViewAsync(n)).Outcome);
    }

    [Fact]
    public async Task Service_HandlerFails_IsRetriedWithBackoffThenSucceeds()
    {
        var handler = new CreditCheck(call => call < 3 ? throw new InvalidOperationException("系统繁忙") : new ServiceResult(true));
        using var host = new TestHost(Catalogue(), services: [handler]);
        var n = await host.AcceptedAsync(ServiceCode);
        await host.Engine.ProcessOutboxAsync();
        Assert.Empty((await host.ViewAsync(n)).OpenTasks);
        for (var i = 0; i < 5 && (await host.ViewAsync(n)).OpenTasks.Count == 0; i++)
        {
            host.Clock.Advance(TimeSpan.FromMinutes(1));
            await host.Engine.ProcessOutboxAsync();
        }
        Assert.Equal(3, handler.Calls);
        Assert.Equal("review", Assert.Single((await host.ViewAsync(n)).OpenTasks).StepId);
    }

    [Fact]
    public async Task Service_MissingHandler_EndsAsDeadMessage_NotLost()
    {
        using var host = new TestHost(Catalogue());
        var n = await host.AcceptedAsync(ServiceCode);
        for (var i = 0; i < 12; i++)
        {
            await host.Engine.ProcessOutboxAsync();
            host.Clock.Advance(TimeSpan.FromMinutes(15));
        }
        var dead = await host.Store.ListDeadMessagesAsync(10);
        Assert.Contains(dead, d => d.Message.CaseNumber == n && d.Message.Channel == "service");
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(n)).State);
    }

    [Fact]
    public async Task Subcase_ChildDecision_CompletesTheParentStep()
    {
        using var host = new TestHost(Catalogue());
        var n = await host.AcceptedAsync(ParentCode, new() { ["stage"] = "formal" });
        await host.Engine.ProcessOutboxAsync();
        var children = await host.Store.SearchCasesAsync(new OneStop.Engine.Storage.CaseQuery(ItemCode: SomeItems.SimpleCode));
        var child = Assert.Single(children.Items).CaseNumber;
        var childView = await host.ViewAsync(child);
        Assert.Equal(CaseState.Submitted, childView.State);
        await host.Engine.ExecuteAsync(new Accept(child, "w", host.Key()));
        await host.ApproveAsync(child, "review");
        await host.ApproveAsync(child, "decide");
        await host.Engine.ProcessOutboxAsync();
        var parent = await host.ViewAsync(n);
        Assert.Equal("finish", Assert.Single(parent.OpenTasks).StepId);
        Assert.Contains(parent.Timeline, t => t.Summary.Contains(child, StringComparison.Ordinal));
        // Redelivery of the same messages changes nothing.
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal(parent.Version, (await host.ViewAsync(n)).Version);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Subcase_ChildRejected_DeniesTheParent()
    {
        using var host = new TestHost(Catalogue());
        var n = await host.AcceptedAsync(ParentCode);
        await host.Engine.ProcessOutboxAsync();
        var child = Assert.Single((await host.Store.SearchCasesAsync(new OneStop.Engine.Storage.CaseQuery(ItemCode: SomeItems.SimpleCode))).Items).CaseNumber;
        await host.Engine.ExecuteAsync(new Reject(child, "w", host.Key(), "不符合条件"));
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal(CaseOutcome.Denied, (await host.ViewAsync(n)).Outcome);
    }
}
