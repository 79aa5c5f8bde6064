using System.Globalization;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Supervision;

/// <summary>Supervision in the command pipeline: rules run on every commit (including deadline firings, which are
/// commands too) and their alerts commit atomically with the case's events. Refused commands change no case, so
/// their alerts are an alert-only write (<see cref="IAlertStore"/>): the case's event log stays exactly what
/// happened to the case, and the attempt is still on record and delivered to the sink.</summary>
internal sealed class SupervisionExtension(SupervisionEvaluator evaluator, ICaseStore store) : ICaseExtension
{
    /// <inheritdoc />
    public void OnCommitting(CommitContext context) => evaluator.Evaluate(context);

    /// <inheritdoc />
    public async ValueTask OnRefusedAsync(RefusalContext context, CancellationToken cancellationToken)
    {
        if (store is not IAlertStore alertStore) return;
        var set = evaluator.Compiler.For(context.Item);
        if (set.Refusal.IsEmpty) return;
        List<Alert>? alerts = null;
        foreach (var rule in set.Refusal)
        {
            if (rule.Rule.CheckRefusal(context) is not { } evidence) continue;
            var s = context.Case;
            // Keyed by the refused command's key: a retry of the same refused command is one attempt, not two.
            var id = s.CaseNumber + ":" + rule.Rule.Id + ":" + context.Command.IdempotencyKey;
            if (await alertStore.GetAlertAsync(id, cancellationToken).ConfigureAwait(false) is not null) continue;
            var task = CommandHandler.TaskIdOf(context.Command);
            var step = task is null ? null : s.FindTask(task) is { } t ? StepOf(context, t.Node) : null;
            (alerts ??= []).Add(evaluator.Alerts.Create(id, s.CaseNumber, s.ItemCode, rule.Rule.Id, rule.Level, step, s.Department,
                context.Command.Actor, evidence, context.Now));
        }
        if (alerts is null) return;
        var messages = new OutboxMessage[alerts.Count];
        for (var k = 0; k < alerts.Count; k++) messages[k] = AlertFactory.Message(alerts[k], nameof(AlertStatus.Raised), context.Now);
        await alertStore.WriteAlertsAsync(alerts, messages, cancellationToken).ConfigureAwait(false);
    }

    private static string? StepOf(RefusalContext context, int node) =>
        (uint)node < (uint)context.Item.Nodes.Length ? context.Item.Nodes[node].Id : node.ToString(CultureInfo.InvariantCulture);
}
