using System.Text.Json;
using OneStop.Engine.Events;
using OneStop.Engine.Lifecycle;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

internal sealed partial class CaseEngine
{
    /// <inheritdoc />
    public async Task<CaseView?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseNumber);
        if (await _store.GetCaseAsync(caseNumber, cancellationToken).ConfigureAwait(false) is null) return null;
        var (s, plan, _) = await LoadAsync(caseNumber, cancellationToken).ConfigureAwait(false);
        var events = await _store.ReadEventsAsync(caseNumber, 0, cancellationToken).ConfigureAwait(false);
        var timeline = new List<TimelineEntry>(events.Count);
        foreach (var record in events)
        {
            var e = JsonSerializer.Deserialize(record.Payload.Span, EngineJsonContext.Default.CaseEvent)!;
            timeline.Add(new TimelineEntry(record.Sequence, record.At, record.Actor, record.Type, TimelineText.Describe(e, plan)));
        }
        var tasks = new List<TaskView>(s.Tasks.Count);
        foreach (var t in s.Tasks)
        {
            var node = plan.Nodes[t.Node];
            tasks.Add(new TaskView(t.Id, node.Id, (node as Definitions.Flow.StepDefinition)?.Name, t.Role, t.Department, t.Assignee, t.CreatedAt));
        }
        return new CaseView(s.CaseNumber, s.ItemCode, s.ItemVersion, plan.Item.Name, s.Applicant, s.State, s.Outcome, s.Version,
            LifecycleTable.AllowedActions(s.State), tasks, timeline)
        {
            PendingMaterials = s.PendingMaterials is null ? [] : [.. s.PendingMaterials],
            CorrectionNotices = s.CorrectionNotices,
            Extended = s.Extended,
            Clocks = Clocks.ClockViews.For(s, _extensions, _time.GetUtcNow()),
        };
    }

    /// <inheritdoc />
    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _store.ListTasksAsync(query, cancellationToken);
    }

    /// <summary>Rebuilds a case from its event log alone (used to verify that replay equals the snapshot).</summary>
    internal async Task<Flow.CaseSnapshot> ReplayAsync(string caseNumber, CancellationToken cancellationToken = default)
    {
        var record = await _store.GetCaseAsync(caseNumber, cancellationToken).ConfigureAwait(false) ?? throw new CaseNotFoundException(caseNumber);
        var plan = await _definitions.ForCaseAsync(record.ItemCode, record.ItemVersion, record.ContentHash, cancellationToken).ConfigureAwait(false);
        var events = await _store.ReadEventsAsync(caseNumber, 0, cancellationToken).ConfigureAwait(false);
        var s = new Flow.CaseSnapshot { CaseNumber = caseNumber };
        foreach (var r in events)
        {
            var e = JsonSerializer.Deserialize(r.Payload.Span, EngineJsonContext.Default.CaseEvent)!;
            EventApplier.Apply(s, plan, e, r.At, r.Actor);
        }
        return s;
    }

    /// <inheritdoc />
    public Task<int> ProcessOutboxAsync(CancellationToken cancellationToken = default) => Dispatcher.RunUntilIdleAsync(cancellationToken);
}
