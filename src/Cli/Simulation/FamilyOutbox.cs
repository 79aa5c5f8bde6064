using System.Collections.Concurrent;
using OneStop.Engine.Outbox;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>Each family delivers the outbox messages of its chain that cause a command — subcase starts, a child's
/// outcome to its parent, service calls (whose answer is a command) — at the end of its chain, in the round's parallel
/// part, so their commits share the families' group commits instead of each waiting for its own in the round's
/// closing pass (session 24: ≈ 99 such deliveries a round were 45 % of that serial pass). Notices, deadline events and
/// alerts (cheap: no command) stay with the closing pass.
/// <para>As an extension it sees every commit of the command pipeline; a commit made inside a family's chain (the
/// case's applicant names the family, and subcases inherit it) hands it the commit's command-causing rows, built by the
/// engine's own <see cref="CaseEngine.MessageOf"/> so the ids are the store's. <see cref="DeliverAsync"/> delivers them
/// through the engine's delivery in commit order, pass after pass as deliveries commit more, and remembers the ids.
/// The family does not mark them: the closing pass reads them as pending with everything else, and its dispatcher
/// (built on <see cref="Closing"/>) skips the delivery of a remembered id and marks it with the rest, by the seqs its
/// read found — so the families add no mark write at all.</para>
/// <para>A family's messages touch only its own cases, and deliveries happen at the round's instant either way, so a
/// seed's counts are the same. Whatever a family does not deliver stays for the closing pass: everything of a family
/// with a refused command (its alert is written apart from the pipeline, so its later messages must not overtake it),
/// and, after any failed delivery, everything for the rest of the run (the dispatcher's backoff then holds).</para></summary>
internal sealed class FamilyOutbox : ICaseExtension
{
    // The round's open families by key (the applicant's script index).
    private readonly ConcurrentDictionary<long, Mail> _open = new();
    // Ids the families delivered and the closing pass has not yet marked.
    private readonly ConcurrentDictionary<string, byte> _delivered = new(StringComparer.Ordinal);
    private long _count, _skipped, _held;
    private volatile bool _stopped;

    /// <summary>Messages the families delivered themselves.</summary>
    public long Delivered => Interlocked.Read(ref _count);

    /// <summary>Of those, the ones the closing passes have marked (skipping their delivery).</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Delivered by a family and not yet met by a closing pass (0 at the end of a run).</summary>
    public int Unmarked => _delivered.Count;

    /// <summary>Families that left theirs to the closing pass (a refused command, or a failed delivery).</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>True for a message whose delivery causes a command.</summary>
    internal static bool CausesCommand(string channel) => channel is Channels.Subcase or Channels.Service;

    /// <summary>Starts collecting the commits of family <paramref name="key"/> until <see cref="DeliverAsync"/> ends; a
    /// family that is not the simulator's (a negative key) collects nothing.</summary>
    public Mail Open(long key)
    {
        var mail = new Mail(key);
        if (key >= 0) _open[key] = mail;
        return mail;
    }

    private Mail? MailOf(string applicant) => RoundFamily.IndexOf(applicant) is { } key && _open.TryGetValue(key, out var mail) ? mail : null;

    /// <inheritdoc />
    public void OnCommitting(CommitContext context)
    {
    }

    /// <inheritdoc />
    public void OnCommitted(CommitContext context)
    {
        var ctx = context.Command;
        var outbox = ctx.Outbox;
        if (outbox.Count == 0 || _open.IsEmpty) return;
        Mail? mail = null;
        for (var k = 0; k < outbox.Count; k++)
        {
            if (!CausesCommand(outbox[k].Channel)) continue;
            // The context is reused after this call: the messages are built now, as the commit built the store's.
            mail ??= MailOf(context.Case.Applicant);
            if (mail is null || mail.Held) return;
            mail.Add(CaseEngine.MessageOf(ctx, ctx.PreviousVersion + 1, k));
        }
    }

    /// <inheritdoc />
    public ValueTask OnRefusedAsync(RefusalContext context, CancellationToken cancellationToken)
    {
        // Supervision may write the refusal's alert to the outbox apart from the pipeline, where this extension does not
        // see it: the family's later messages must not overtake it, so the closing pass delivers them all.
        if (MailOf(context.Case.Applicant) is { } mail) mail.Held = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers the family's command-causing messages: those its chain committed, then those their deliveries
    /// committed, until none is left; remembers each delivered id for the closing pass.</summary>
    public async Task DeliverAsync(Mail mail, IOutboxDelivery delivery, CancellationToken cancellationToken)
    {
        try
        {
            while (!mail.Held && !_stopped && mail.Take() is { Count: > 0 } pass)
            {
                foreach (var message in pass)
                {
                    // A refusal during this pass (a late answer refused) holds back the rest, as above.
                    if (mail.Held || _stopped) break;
                    try
                    {
                        await delivery.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // Left pending: the closing pass delivers it again and records the failure.
                        _stopped = true;
                        mail.Held = true;
                        break;
                    }
                    _delivered.TryAdd(message.MessageId, 0);
                    Interlocked.Increment(ref _count);
                }
            }
            if (mail.Held) Interlocked.Increment(ref _held);
        }
        finally
        {
            _open.TryRemove(mail.Key, out _);
        }
    }

    /// <summary>The closing pass's delivery: a message a family delivered is only taken off the list (the dispatcher
    /// then marks it delivered with the rest); any other goes to <paramref name="inner"/>.</summary>
    public IOutboxDelivery Closing(EngineOutboxDelivery inner) => new ClosingDelivery(this, inner);

    private sealed class ClosingDelivery(FamilyOutbox outbox, EngineOutboxDelivery inner) : IOutboxDelivery, IOutboxAttemptLimit
    {
        public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            if (CausesCommand(message.Channel) && outbox._delivered.TryRemove(message.MessageId, out _))
            {
                Interlocked.Increment(ref outbox._skipped);
                return Task.CompletedTask;
            }
            return inner.DeliverAsync(message, cancellationToken);
        }

        public int? MaxAttemptsOf(OutboxMessage message) => inner.MaxAttemptsOf(message);
    }

    /// <summary>One family's command-causing messages, in commit order.</summary>
    internal sealed class Mail(long key)
    {
        /// <summary>The family's key.</summary>
        public long Key { get; } = key;

        private List<OutboxMessage> _messages = [];

        /// <summary>Set once anything of the family must wait for the closing pass.</summary>
        public bool Held { get; set; }

        public void Add(OutboxMessage message) => _messages.Add(message);

        /// <summary>The messages so far; later commits collect anew.</summary>
        public List<OutboxMessage> Take()
        {
            var taken = _messages;
            _messages = [];
            return taken;
        }
    }
}
