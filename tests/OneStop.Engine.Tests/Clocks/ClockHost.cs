using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Scheduling;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Clocks;

/// <summary>An engine with clocks, the deadline channel and the scheduler, over a store and a fake clock. Building a
/// second host over the same store and clock is a restart.</summary>
internal sealed class ClockHost : IDisposable
{
    private int _key;

    /// <summary>Monday 2025-09-22 09:00 in Shanghai.</summary>
    public static readonly DateTimeOffset Monday = SomeItems.Start;

    public ClockHost(Catalogue catalogue, ICaseStore? store = null, FakeTimeProvider? clock = null, ClockOptions? options = null)
    {
        Catalogue = catalogue;
        Clock = clock ?? new FakeTimeProvider(Monday, Calendar.TimeZone);
        Store = store ?? new InMemoryCaseStore();
        Options = options ?? new ClockOptions();
        var planner = new ClockPlanner(Calendar, Options);
        var signal = new DeadlineSignal();
        Hub = new DeadlineHub([Handler]);
        Engine = new CaseEngine(Store, catalogue, Clock, new Hooks.AllowAllAuthorizer(), new Hooks.DefaultCaseNumberGenerator(Store, Clock),
            [Sink], [], [new ClockExtension(planner, signal)], NullLogger.Instance, new EngineTelemetry(), new OneStopOptions(), [Hub]);
        Scheduler = new DeadlineScheduler(Engine, new DeadlineFirer(planner), Hub, signal, Clock, Options, NullLogger.Instance);
    }

    public static WorkingCalendar Calendar => Time.Some.Calendar;
    public Catalogue Catalogue { get; }
    public FakeTimeProvider Clock { get; }
    public ICaseStore Store { get; }
    public ClockOptions Options { get; }
    public CaseEngine Engine { get; }
    public DeadlineHub Hub { get; }
    public DeadlineScheduler Scheduler { get; }
    public RecordingSink Sink { get; } = new();
    public RecordingDeadlines Handler { get; } = new();

    /// <summary>A new host (engine, scheduler, handlers) over the same store and clock: a process restart.</summary>
    public ClockHost Restart() => new(Catalogue, Store, Clock, Options);

    public string Key() => "c" + Interlocked.Increment(ref _key) + "-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>Local Shanghai wall-clock time as an instant.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour = 9, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public void SetTime(DateTimeOffset at) => Clock.SetUtcNow(at);

    public async Task<string> SubmitAsync(string item)
    {
        var r = await Engine.SubmitAsync(new SubmitCase(item, "张三", "applicant", Key()) { Materials = ["report"] });
        return r.CaseNumber;
    }

    public async Task<string> AcceptedAsync(string item)
    {
        var number = await SubmitAsync(item);
        await Engine.ExecuteAsync(new Accept(number, "window", Key()));
        return number;
    }

    public Task<CommandResult> RunAsync(CaseCommand command) => Engine.ExecuteAsync(command).AsTask();

    public async Task<CaseView> ViewAsync(string number) => (await Engine.GetCaseAsync(number))!;

    public async Task<ClockView> ClockAsync(string number, ClockKind kind, ClockStatus? status = null) =>
        (await ViewAsync(number)).Clocks.Last(c => c.Kind == kind && (status is null || c.Status == status));

    /// <summary>Fires what is due now and delivers the outbox.</summary>
    public async Task<int> TickAsync()
    {
        var fired = await Scheduler.RunDueAsync(Clock.GetUtcNow());
        await Engine.ProcessOutboxAsync();
        return fired;
    }

    /// <summary>Moves the clock to <paramref name="at"/>, fires and delivers.</summary>
    public async Task<int> AdvanceToAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        return await TickAsync();
    }

    public void Dispose() => Engine.Dispose();
}

/// <summary>Records every deadline event it gets.</summary>
internal sealed class RecordingDeadlines : IDeadlineHandler
{
    private readonly List<DeadlineEvent> _received = [];

    public IReadOnlyList<DeadlineEvent> Received
    {
        get { lock (_received) return [.. _received]; }
    }

    /// <summary>When set, the handler throws this many times before accepting events.</summary>
    public int FailuresLeft { get; set; }

    public ValueTask HandleAsync(DeadlineEvent deadline, CancellationToken cancellationToken)
    {
        lock (_received)
        {
            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new InvalidOperationException("host down");
            }
            _received.Add(deadline);
        }
        return ValueTask.CompletedTask;
    }
}
