using System.Collections.Concurrent;
using OneStop.Engine.Outbox;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>Each family delivers its own outbox at the end of its chain (actions → its deadlines → its messages), in
/// the round's parallel part, instead of the round's closing pass delivering everything while no case acts (that pass
/// was 10–15 % of the driving). As an extension it sees every commit of the command pipeline; a commit made inside a
/// family's chain (<see cref="Open"/>: the case's applicant names the family, and subcases inherit it) hands it the commit's messages — built by the engine's own
/// <see cref="CaseEngine.MessagesOf"/>, so the ids are the store's. <see cref="DeliverAsync"/> then delivers them
/// through the engine's delivery, in commit order, pass after pass as deliveries commit more (a subcase start's notices,
/// a service answer's, a child's outcome), exactly as the closing pass's passes would, and queues the ids for
/// <see cref="OutboxMarks"/>. A family's messages touch only its own cases (subcases inherit the applicant), and
/// deliveries happen at the round's instant either way, so a seed's counts are the same.
/// <para>Per case, the messages go out in commit order, and whatever a family does not deliver (anything after a
/// refused command: the refusal's alert is written apart from the pipeline; everything after a failed delivery) stays
/// pending in the store for the closing pass, which delivers it in commit order with the dispatcher's retries.</para></summary>
internal sealed class FamilyOutbox : ICaseExtension
{
    // The round's open families by key. Not an async-local: a flow with a changed ExecutionContext makes every await of
    // the chain restore it, and the applicant already names the family.
    private readonly ConcurrentDictionary<long, Mail> _open = new();
    private long _committed, _delivered, _held;

    // After any failed delivery the dispatcher alone delivers, for the rest of the run: its backoff and dead-letter
    // rules then hold for that case, and no later message of it can overtake the failed one.
    private volatile bool _stopped;

    /// <summary>Messages committed through the pipeline (in a family or not).</summary>
    public long Committed => Interlocked.Read(ref _committed);

    /// <summary>Messages the families delivered themselves.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Families that left messages to the closing pass (a refused command, or a failed delivery).</summary>
    public long Held => Interlocked.Read(ref _held);

    /// <summary>Starts collecting the commits of family <paramref name="key"/> (<see cref="RoundFamily.Key"/>) until
    /// <see cref="DeliverAsync"/> ends; a family that is not the simulator's (a negative key) collects nothing.</summary>
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
        if (ctx.Outbox.Count == 0) return;
        Interlocked.Add(ref _committed, ctx.Outbox.Count);
        // The context is reused after this call: the messages are built now, as the commit built the store's.
        if (MailOf(context.Case.Applicant) is { Held: false } mail) mail.Add(CaseEngine.MessagesOf(ctx, ctx.PreviousVersion + 1));
    }

    /// <inheritdoc />
    public ValueTask OnRefusedAsync(RefusalContext context, CancellationToken cancellationToken)
    {
        // Supervision may write the refusal's alert to the outbox apart from the pipeline, where this extension does not
        // see it: the family's later messages must not overtake it, so the closing pass delivers them all.
        if (MailOf(context.Case.Applicant) is { } mail) mail.Held = true;
        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers the family's messages: those its chain committed, then those their deliveries committed, until
    /// none is left; queues the delivered ids on <paramref name="marks"/>.</summary>
    public async Task DeliverAsync(Mail mail, IOutboxDelivery delivery, OutboxMarks marks, CancellationToken cancellationToken)
    {
        while (!mail.Held && !_stopped && mail.Take() is { Count: > 0 } pass)
        {
            var done = new List<string>(pass.Count);
            try
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
                    done.Add(message.MessageId);
                }
            }
            finally
            {
                marks.Add(done);
                Interlocked.Add(ref _delivered, done.Count);
            }
        }
        if (mail.Held) Interlocked.Increment(ref _held);
        _open.TryRemove(mail.Key, out _);
    }

    /// <summary>One family's messages, in commit order.</summary>
    internal sealed class Mail(long key)
    {
        /// <summary>The family's key.</summary>
        public long Key { get; } = key;

        private List<OutboxMessage> _messages = [];

        /// <summary>Set once anything of the family must wait for the closing pass.</summary>
        public bool Held { get; set; }

        public void Add(OutboxMessage[] messages) => _messages.AddRange(messages);

        /// <summary>The messages so far; later commits collect anew.</summary>
        public List<OutboxMessage> Take()
        {
            var taken = _messages;
            _messages = [];
            return taken;
        }
    }
}
