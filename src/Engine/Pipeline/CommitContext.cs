using OneStop.Definitions;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>What an <see cref="ICaseExtension"/> sees and may add to: the case before (state, version) and after
/// (the snapshot), the new events, and the command's identity.</summary>
internal sealed class CommitContext(CommandContext command)
{
    /// <summary>The underlying command context.</summary>
    internal CommandContext Command => command;
    /// <summary>The case after the command's events.</summary>
    public CaseSnapshot Case => command.Snapshot;
    /// <summary>The pinned definition.</summary>
    public ItemDefinition Item => command.Item;
    /// <summary>The flow plan.</summary>
    public FlowPlan Plan => command.Plan;
    /// <summary>State before the command.</summary>
    public CaseState PreviousState => command.PreviousState;
    /// <summary>Version before the command (0 for a submission).</summary>
    public long PreviousVersion => command.PreviousVersion;
    /// <summary>Time of the case's last event before the command.</summary>
    public DateTimeOffset PreviousUpdatedAt => command.PreviousUpdatedAt;
    /// <summary>Expression input over the case's form and materials.</summary>
    public CaseExpressionInput Input => command.Input;
    /// <summary>Events of this command so far (including those added by earlier extensions).</summary>
    public IReadOnlyList<CaseEvent> NewEvents => command.Events;
    /// <summary>Command time.</summary>
    public DateTimeOffset Now => command.Now;
    /// <summary>Acting actor.</summary>
    public string Actor => command.Actor;
    /// <summary>Idempotency key of the command.</summary>
    public string CommandKey => command.CommandKey;

    /// <summary>The earliest instant a clock needs attention; null for none. Stored as <c>CaseRecord.EarliestDue</c>.</summary>
    public DateTimeOffset? EarliestDue
    {
        get => command.EarliestDue;
        set => command.EarliestDue = value;
    }

    /// <summary>Statistics columns for the case row (see <see cref="Storage.CaseMetrics"/>); null for none.</summary>
    public Storage.CaseMetrics? Metrics
    {
        get => command.Metrics;
        set => command.Metrics = value;
    }

    /// <summary>Applies and appends an event.</summary>
    public void Raise(CaseEvent e) => command.Raise(e);

    /// <summary>Adds a supervision alert to the commit.</summary>
    public void AddAlert(Alert alert) => command.AddAlert(alert);

    /// <summary>Adds an outbox row to the commit.</summary>
    public void AddOutbox(string channel, string type, byte[] payload) => command.AddOutbox(channel, type, payload);
}
