using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Outbox;

/// <summary>Delivers committed outbox messages to an <see cref="IOutboxDelivery"/> at least once, in commit order
/// per case, retrying failures with exponential backoff and parking a message as dead after
/// <see cref="OutboxDispatcherOptions.MaxAttempts"/> failed attempts (see <see cref="ICaseStore.ListDeadMessagesAsync"/>
/// and <see cref="ICaseStore.RetryDeadMessageAsync"/>). A message that carries its own budget (a service call with the
/// step's <c>attempts</c>) is parked after that many failed attempts instead. Time comes only from the injected <see cref="TimeProvider"/>.
/// One dispatcher per store: two dispatchers on one store would deliver messages twice and out of order.</summary>
public sealed partial class OutboxDispatcher
{
    private readonly ICaseStore _store;
    private readonly IOutboxDelivery _delivery;
    private readonly TimeProvider _time;
    private readonly OutboxDispatcherOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _round = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0, 1);

    /// <summary>Cases whose messages are delivered at the same time within one round.</summary>
    internal const int MaxConcurrentCases = 64;

    /// <summary>Creates a dispatcher.</summary>
    /// <exception cref="ArgumentNullException">A required argument is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (the message lists every problem).</exception>
    public OutboxDispatcher(ICaseStore store, IOutboxDelivery delivery, TimeProvider timeProvider,
        OutboxDispatcherOptions? options = null, ILogger<OutboxDispatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new OutboxDispatcherOptions();
        var errors = options.Validate();
        if (errors.Count > 0) throw new ArgumentException("Invalid outbox options: " + string.Join(" ", errors), nameof(options));
        _store = store;
        _delivery = delivery;
        _time = timeProvider;
        // Copy so later changes to the caller's instance cannot bypass validation.
        _options = new OutboxDispatcherOptions
        {
            MaxAttempts = options.MaxAttempts,
            BaseDelay = options.BaseDelay,
            MaxDelay = options.MaxDelay,
            BatchSize = options.BatchSize,
            IdleDelay = options.IdleDelay,
        };
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Runs one round at the time provider's current instant.</summary>
    public Task<OutboxDispatchResult> RunOnceAsync(CancellationToken cancellationToken = default) =>
        RunOnceAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>Runs one round: reads the messages due at <paramref name="now"/> and delivers them in order per case (different cases concurrently);
    /// after a failure the remaining messages of that case wait for the next round. Rounds never overlap.</summary>
    public async Task<OutboxDispatchResult> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = await _store.GetPendingMessagesAsync(now, _options.BatchSize, cancellationToken).ConfigureAwait(false);
            if (pending.Count == 0) return default;
            var delivered = new List<string>(pending.Count);
            try
            {
                return await DeliverAsync(pending, now, delivered, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Record what did go out even when the round is cancelled, so it is not delivered again needlessly.
                if (delivered.Count > 0)
                    await _store.MarkDeliveredAsync(delivered, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Runs rounds at the time provider's instant until one delivers nothing, and returns how many were
    /// delivered. Same deliveries, in the same order, as calling <see cref="RunOnceAsync(CancellationToken)"/> until it
    /// delivers nothing; but on a store that can leave delivered messages out of its read (<see cref="IPendingRereads"/>)
    /// the rounds read again before marking and mark once at the end (or each time a batch's worth is waiting): the
    /// messages a round's deliveries caused are read without waiting for a mark's commit first. Until that mark a crash
    /// delivers them again, as it would a round's before its mark (delivery is at least once).</summary>
    internal async Task<int> RunUntilIdleAsync(CancellationToken cancellationToken = default)
    {
        if (_store is not IPendingRereads rereads)
        {
            var total = 0;
            while (true)
            {
                var round = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
                total += round.Delivered;
                if (round.Delivered == 0) return total;
            }
        }
        await _round.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var state = new PendingRereadState();
            var unmarked = new List<string>();
            var total = 0;
            try
            {
                while (true)
                {
                    var now = _time.GetUtcNow();
                    var pending = await rereads.GetPendingMessagesAsync(now, _options.BatchSize, state, cancellationToken).ConfigureAwait(false);
                    if (pending.Count == 0) return total;
                    var start = unmarked.Count;
                    var round = await DeliverAsync(pending, now, unmarked, cancellationToken).ConfigureAwait(false);
                    total += round.Delivered;
                    if (round.Delivered == 0) return total;
                    var covered = round.Failed + round.Dead == 0;
                    for (var i = start; i < unmarked.Count; i++) covered &= state.MarkDeliveredHere(unmarked[i]);
                    if (!covered) state.AllDelivered = false;
                    // A batch's worth waiting, or a delivery the next read could not leave out: mark now.
                    if (unmarked.Count >= _options.BatchSize || !covered)
                    {
                        string[] marking = [.. unmarked];
                        unmarked.Clear();
                        state.Reset();
                        await _store.MarkDeliveredAsync(marking, CancellationToken.None).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                // Record what did go out even when cancelled or failed, so it is not delivered again needlessly.
                if (unmarked.Count > 0)
                    await _store.MarkDeliveredAsync(unmarked, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _round.Release();
        }
    }

    /// <summary>Delivers <paramref name="pending"/> (read at <paramref name="now"/>), adding the ids delivered to
    /// <paramref name="delivered"/> as they go out; the caller marks them.</summary>
    private async Task<OutboxDispatchResult> DeliverAsync(IReadOnlyList<PendingMessage> pending, DateTimeOffset now, List<string> delivered,
        CancellationToken cancellationToken)
    {
        var before = delivered.Count;
        int failed = 0, dead = 0;
        // Messages of one case go out in commit order, one after another; different cases go out concurrently, so
        // the commands their deliveries cause (service answers, subcase starts) share the store's group commits
        // instead of each waiting for its own.
        var byCase = new Dictionary<string, List<PendingMessage>>(StringComparer.Ordinal);
        var order = new List<List<PendingMessage>>();
        foreach (var p in pending)
        {
            if (!byCase.TryGetValue(p.Message.CaseNumber, out var list))
            {
                byCase.Add(p.Message.CaseNumber, list = []);
                order.Add(list);
            }
            list.Add(p);
        }
        await Parallel.ForEachAsync(order, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentCases, CancellationToken = cancellationToken },
            async (messages, token) =>
            {
                foreach (var p in messages)
                {
                    var message = p.Message;
                    try
                    {
                        await _delivery.DeliverAsync(message, token).ConfigureAwait(false);
                        lock (delivered) delivered.Add(message.MessageId);
                    }
                    catch (OperationCanceledException) when (token.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex)
                    {
                        // After a failure the remaining messages of this case wait for the next round.
                        var attempts = p.Attempts + 1;
                        var isDead = attempts >= MaxAttemptsOf(message);
                        var next = now + _options.DelayAfter(attempts);
                        await _store.MarkFailedAsync(message.MessageId, next, Describe(ex), isDead, token).ConfigureAwait(false);
                        if (isDead)
                        {
                            Interlocked.Increment(ref dead);
                            LogDead(message.MessageId, message.CaseNumber, attempts, ex);
                        }
                        else
                        {
                            Interlocked.Increment(ref failed);
                            LogRetry(message.MessageId, message.CaseNumber, attempts, next, ex);
                        }
                        return;
                    }
                }
            }).ConfigureAwait(false);
        return new OutboxDispatchResult(delivered.Count - before, failed, dead);
    }

    /// <summary>Wakes <see cref="RunAsync"/> at once (call after a commit that wrote outbox rows).</summary>
    public void Notify()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one pending wake-up is enough.
        }
    }

    /// <summary>Runs rounds until cancelled: again at once while a round did work, otherwise after
    /// <see cref="OutboxDispatcherOptions.IdleDelay"/> or a <see cref="Notify"/>. Store failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            OutboxDispatchResult result;
            try
            {
                result = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (StoreException ex)
            {
                LogStoreFailure(ex);
                result = default;
            }
            if (result.Delivered > 0) continue;
            await IdleAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // Waits for a Notify or the idle delay, whichever comes first, then cancels the other so an abandoned
    // semaphore wait never swallows a later Notify.
    private async Task IdleAsync(CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var wake = _wake.WaitAsync(cts.Token);
        var delay = Task.Delay(_options.IdleDelay, _time, cts.Token);
        await Task.WhenAny(wake, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(wake, delay).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loser was cancelled on purpose (or the whole loop is stopping: the caller checks the token).
        }
    }

    // The message's own budget when the delivery knows one (a service step's `attempts`), else the global maximum.
    // A delivery that answers nonsense (below 1) is ignored rather than trusted: the message then gets the default.
    private int MaxAttemptsOf(OutboxMessage message) =>
        _delivery is IOutboxAttemptLimit limit && limit.MaxAttemptsOf(message) is >= 1 and var own ? own : _options.MaxAttempts;

    private static string Describe(Exception ex) => $"{ex.GetType().Name}: {ex.Message}";

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Outbox message {MessageId} of case {CaseNumber} failed (attempt {Attempts}); retry at {NextAttempt}.")]
    private partial void LogRetry(string messageId, string caseNumber, int attempts, DateTimeOffset nextAttempt, Exception exception);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "Outbox message {MessageId} of case {CaseNumber} is dead after {Attempts} attempts; later messages of the case wait until it is retried.")]
    private partial void LogDead(string messageId, string caseNumber, int attempts, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Outbox round failed in the store.")]
    private partial void LogStoreFailure(Exception exception);
}
