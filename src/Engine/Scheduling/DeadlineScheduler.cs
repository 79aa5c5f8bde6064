using Microsoft.Extensions.Logging;
using OneStop.Engine.Clocks;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Scheduling;

/// <summary>Fires due thresholds as system commands, one threshold per command, in due order per case (different cases concurrently), and sleeps on
/// the <see cref="TimeProvider"/> until the next one. Nothing is kept in memory that the store does not also hold:
/// a restart finds every missed deadline through <see cref="ICaseStore.FindDueAsync"/>.</summary>
internal sealed partial class DeadlineScheduler : IDeadlineScheduler
{
    private static readonly TimeSpan MaxSleep = TimeSpan.FromDays(1);
    private readonly CaseEngine _engine;
    private readonly DeadlineFirer _firer;
    private readonly DeadlineHub _hub;
    private readonly TimeProvider _time;
    private readonly ClockOptions _options;
    private readonly ILogger _logger;
    private TaskCompletionSource _wake = NewWake();
    private long _plannedWakeTicks = long.MaxValue;

    public DeadlineScheduler(CaseEngine engine, DeadlineFirer firer, DeadlineHub hub, DeadlineSignal signal, TimeProvider time, ClockOptions options, ILogger logger)
    {
        _engine = engine;
        _firer = firer;
        _hub = hub;
        _time = time;
        _options = options;
        _logger = logger;
        signal.Listen(OnCommitted);
    }

    /// <summary>Called after each pass of <see cref="RunAsync"/> with the number fired (tests wait on it instead of sleeping).</summary>
    internal Action<int>? PassCompleted { get; set; }

    /// <summary>Called when the worker goes to sleep, with the instant it will wake at (null: only a commit wakes it).</summary>
    internal Action<DateTimeOffset?>? Sleeping { get; set; }

    /// <inheritdoc />
    public IDisposable Subscribe(IDeadlineHandler handler) => _hub.Subscribe(handler);

    /// <inheritdoc />
    public IDisposable Subscribe(Func<DeadlineEvent, CancellationToken, ValueTask> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return _hub.Subscribe(new DelegateDeadlineHandler(handler));
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => _engine.Store.GetNextDueAsync(cancellationToken);

    /// <inheritdoc />
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var fired = 0;
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var ready = new List<string>();
        while (true)
        {
            // Load a batch of due cases, earliest first. Everything beyond a full batch is due no earlier than its
            // last entry, so thresholds are fired only up to that boundary before the store is asked again.
            var batch = await DueCases.FindAsync(_engine.Store, now, _options.BatchSize + skipped.Count, cancellationToken).ConfigureAwait(false);
            ready.Clear();
            foreach (var due in batch)
            {
                if (!skipped.Contains(due.CaseNumber)) ready.Add(due.CaseNumber);
            }
            if (ready.Count == 0) return fired;
            var full = batch.Count >= _options.BatchSize + skipped.Count;
            var boundary = full ? batch[^1].EarliestDue : DateTimeOffset.MaxValue;
            // Each case fires its due thresholds in due order, one command after another; different cases fire
            // concurrently, so their commits share the store's group commits instead of each waiting for its own.
            await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentCases, CancellationToken = cancellationToken },
                async (caseNumber, token) =>
                {
                    var (n, stalled) = await FireCaseAsync(caseNumber, now, boundary, token).ConfigureAwait(false);
                    Interlocked.Add(ref fired, n);
                    // Nothing due after all (another node fired it, or the case changed): leave it for later passes.
                    if (stalled) lock (skipped) skipped.Add(caseNumber);
                }).ConfigureAwait(false);
            if (!full) return fired;
        }
    }

    /// <summary>Fires the thresholds of one case that are due at <paramref name="now"/>, in due order, one command after
    /// another; returns how many fired. A host that drives cases itself (the simulator) uses it to fire a case's
    /// deadlines right after its own actions, so the firing joins the same group commits as other cases' actions
    /// instead of waiting for a separate pass.</summary>
    internal async Task<int> FireDueAsync(string caseNumber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNumber);
        return (await FireCaseAsync(caseNumber, now, DateTimeOffset.MaxValue, cancellationToken).ConfigureAwait(false)).Fired;
    }

    /// <summary>Fires one case's thresholds due at <paramref name="now"/> (and no later than <paramref name="boundary"/>) in due
    /// order. Stalled: a command found nothing due after all.</summary>
    private async Task<(int Fired, bool Stalled)> FireCaseAsync(string caseNumber, DateTimeOffset now, DateTimeOffset boundary, CancellationToken cancellationToken)
    {
        var fired = 0;
        while (true)
        {
            var (committed, next) = await FireNextAsync(caseNumber, now, cancellationToken).ConfigureAwait(false);
            if (!committed) return (fired, true);
            fired++;
            if (next is not { } n || n > now || n > boundary) return (fired, false);
        }
    }

    /// <summary>Cases whose thresholds are fired at the same time within one pass.</summary>
    internal const int MaxConcurrentCases = 64;

    private Task<(bool Committed, DateTimeOffset? EarliestDue)> FireNextAsync(string caseNumber, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string? clock = null, threshold = null;
        return _engine.ExecuteSystemAsync(caseNumber, s =>
        {
            if (DeadlineFirer.Next(s, now) is not { } next) return null;
            clock = next.Clock.Id;
            threshold = next.Threshold.Id;
            return DeadlineFirer.KeyOf(s.CaseNumber, clock, threshold);
        }, ctx => _firer.Fire(ctx, clock!, threshold!), cancellationToken);
    }

    /// <inheritdoc />
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            // Any commit from here on whose due instant is earlier than the planned wake-up completes this.
            var wake = NewWake();
            Volatile.Write(ref _wake, wake);
            Interlocked.Exchange(ref _plannedWakeTicks, long.MaxValue);
            DateTimeOffset? next;
            int fired;
            try
            {
                fired = await RunDueAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                next = await _engine.Store.GetNextDueAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogPassFailed(ex);
                await SleepAsync(_options.RetryDelay, null, wake.Task, cancellationToken).ConfigureAwait(false);
                continue;
            }
            PassCompleted?.Invoke(fired);
            var now = _time.GetUtcNow();
            if (next is { } due && due <= now) continue;
            Interlocked.Exchange(ref _plannedWakeTicks, next?.UtcTicks ?? long.MaxValue);
            var delay = next is { } d ? d - now : MaxSleep;
            await SleepAsync(delay > MaxSleep ? MaxSleep : delay, next, wake.Task, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SleepAsync(TimeSpan delay, DateTimeOffset? until, Task wake, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timer = Task.Delay(delay, _time, stop.Token);
        Sleeping?.Invoke(until);
        await Task.WhenAny(timer, wake).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await timer.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Woken early or stopping.
        }
    }

    private void OnCommitted(DateTimeOffset due)
    {
        if (due.UtcTicks < Interlocked.Read(ref _plannedWakeTicks)) Volatile.Read(ref _wake).TrySetResult();
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    [LoggerMessage(EventId = 300, Level = LogLevel.Error, Message = "A deadline pass failed; retrying after the configured delay.")]
    private partial void LogPassFailed(Exception exception);
}
