using OneStop.Engine.Outbox;

namespace OneStop.Engine.Tests.Outbox;

/// <summary>A service step's own <c>attempts</c> decides when its call is parked as dead, not the outbox's global maximum.</summary>
public sealed class ServiceAttemptsTests
{
    private const string TwoAttemptsCode = "000100000041";
    private const string DefaultAttemptsCode = "000100000042";
    private const string ManyAttemptsCode = "000100000043";

    private static OneStop.Definitions.Catalogue Catalogue() => SomeItems.Catalogue(
        SomeItems.Item(TwoAttemptsCode, """
            - service: { id: credit, handler: credit-check, attempts: 2 }
            - { step: review, role: clerk }
            """),
        SomeItems.Item(DefaultAttemptsCode, """
            - service: { id: credit, handler: credit-check }
            - { step: review, role: clerk }
            """),
        SomeItems.Item(ManyAttemptsCode, """
            - service: { id: credit, handler: credit-check, attempts: 6 }
            - { step: review, role: clerk }
            """));

    /// <summary>A vertical system that is down: every call fails; calls are counted per case.</summary>
    private sealed class DownService : IServiceHandler
    {
        private readonly Dictionary<string, int> _calls = new(StringComparer.Ordinal);
        public string Name => "credit-check";

        public int CallsFor(string caseNumber)
        {
            lock (_calls) return _calls.GetValueOrDefault(caseNumber);
        }

        public ValueTask<ServiceResult> HandleAsync(ServiceCallArguments arguments, CancellationToken cancellationToken)
        {
            lock (_calls) _calls[arguments.CaseNumber] = _calls.GetValueOrDefault(arguments.CaseNumber) + 1;
            throw new InvalidOperationException("征信系统不可用");
        }
    }

    // One dispatch round, then past the longest backoff (MaxDelay, 10 minutes) so the next round retries everything.
    private static async Task RoundAsync(TestHost host)
    {
        await host.Engine.ProcessOutboxAsync();
        host.Clock.Advance(TimeSpan.FromMinutes(11));
    }

    private static async Task<int?> DeadAttemptsAsync(TestHost host, string caseNumber) =>
        (await host.Store.ListDeadMessagesAsync(100)).SingleOrDefault(d => d.Message.CaseNumber == caseNumber && d.Message.Channel == "service")?.Attempts;

    [Fact]
    public async Task Service_StepWithTwoAttempts_DeadAfterExactlyTwoFailuresWhileDefaultKeepsRetrying()
    {
        var service = new DownService();
        using var host = new TestHost(Catalogue(), services: [service]);
        var two = await host.AcceptedAsync(TwoAttemptsCode);
        var standard = await host.AcceptedAsync(DefaultAttemptsCode);

        await RoundAsync(host);
        Assert.Null(await DeadAttemptsAsync(host, two));
        await RoundAsync(host);

        Assert.Equal(2, service.CallsFor(two));
        Assert.Equal(2, await DeadAttemptsAsync(host, two));
        Assert.Null(await DeadAttemptsAsync(host, standard));

        for (var i = 0; i < 3; i++) await RoundAsync(host);
        Assert.Equal(2, service.CallsFor(two));
        Assert.Equal(5, service.CallsFor(standard));
        // The step default (5) applies, not the outbox's global maximum (10).
        Assert.Equal(5, await DeadAttemptsAsync(host, standard));
        Assert.Equal(10, new OneStopOptions().Outbox.MaxAttempts);

        for (var i = 0; i < 5; i++) await RoundAsync(host);
        Assert.Equal((2, 5), (service.CallsFor(two), service.CallsFor(standard)));
        // Surfaced as before: the flow waits on the dead call, nothing was decided.
        foreach (var n in new[] { two, standard })
        {
            var view = await host.ViewAsync(n);
            Assert.Equal(CaseState.InProgress, view.State);
            Assert.Empty(view.OpenTasks);
        }
    }

    [Fact]
    public async Task Service_StepAttemptsAboveGlobalMaximum_StepWins()
    {
        var service = new DownService();
        using var host = new TestHost(Catalogue(), services: [service],
            options: new OneStopOptions { Outbox = new OutboxDispatcherOptions { MaxAttempts = 3 } });
        var many = await host.AcceptedAsync(ManyAttemptsCode);

        for (var i = 0; i < 5; i++) await RoundAsync(host);
        Assert.Equal(5, service.CallsFor(many));
        Assert.Null(await DeadAttemptsAsync(host, many));

        for (var i = 0; i < 3; i++) await RoundAsync(host);
        Assert.Equal(6, service.CallsFor(many));
        Assert.Equal(6, await DeadAttemptsAsync(host, many));
    }

    [Fact]
    public async Task Service_DeadCallRetriedByHand_AnswerAdvancesTheFlow()
    {
        var failing = true;
        var service = new SwitchService(() => failing);
        using var host = new TestHost(Catalogue(), services: [service]);
        var n = await host.AcceptedAsync(TwoAttemptsCode);
        await RoundAsync(host);
        await RoundAsync(host);
        var dead = Assert.Single(await host.Store.ListDeadMessagesAsync(10), d => d.Message.CaseNumber == n);

        failing = false;
        Assert.True(await host.Store.RetryDeadMessageAsync(dead.Message.MessageId));
        await RoundAsync(host);

        Assert.Equal("review", Assert.Single((await host.ViewAsync(n)).OpenTasks).StepId);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    private sealed class SwitchService(Func<bool> failing) : IServiceHandler
    {
        public string Name => "credit-check";

        public ValueTask<ServiceResult> HandleAsync(ServiceCallArguments arguments, CancellationToken cancellationToken) =>
            failing() ? throw new InvalidOperationException("征信系统不可用") : ValueTask.FromResult(new ServiceResult(true, "信用良好"));
    }
}
