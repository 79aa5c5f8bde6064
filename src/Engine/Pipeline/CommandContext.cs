using System.Text.Json.Serialization.Metadata;
using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>The working state of one command: the case snapshot (a private copy), the definition's plan and
/// the events and outbox rows produced so far. <see cref="Raise"/> applies an event at once, so later logic
/// sees its effect, and records it for the commit.</summary>
/// <remarks>A context can be reused for a later command (<see cref="CommandContextPool"/>): <see cref="Reset"/> starts
/// it over, and <see cref="Release"/> drops every reference to the finished command's case. Whatever a commit keeps
/// (its alert list) is handed over and never reused.</remarks>
internal sealed class CommandContext
{
    private readonly List<CaseEvent> _events = new(8);
    private readonly List<OutboxItem> _outbox = new(4);
    private List<Alert>? _alerts;
    private TimeZoneInfo _zone;
    private CaseExpressionInput? _input;
    // The task rows of the commit (reused: the store keeps the rows, never the array).
    private TaskRecord[] _taskRows = [];

    public CommandContext(CaseSnapshot snapshot, FlowPlan plan, DateTimeOffset now, string actor, string commandKey, TimeZoneInfo zone, ChainLink previousHead = default) =>
        Start(snapshot, plan, now, actor, commandKey, zone, previousHead);

    /// <summary>Starts the context over for another command, as the constructor would.</summary>
    public void Reset(CaseSnapshot snapshot, FlowPlan plan, DateTimeOffset now, string actor, string commandKey, TimeZoneInfo zone, ChainLink previousHead)
    {
        Release();
        Start(snapshot, plan, now, actor, commandKey, zone, previousHead);
    }

    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(Snapshot), nameof(Plan), nameof(Actor), nameof(CommandKey), nameof(_zone))]
    private void Start(CaseSnapshot snapshot, FlowPlan plan, DateTimeOffset now, string actor, string commandKey, TimeZoneInfo zone, ChainLink previousHead)
    {
        Snapshot = snapshot;
        Plan = plan;
        Now = now;
        Actor = actor;
        CommandKey = commandKey;
        _zone = zone;
        PreviousState = snapshot.State;
        PreviousVersion = snapshot.Version;
        PreviousUpdatedAt = snapshot.UpdatedAt;
        PreviousHead = previousHead;
    }

    /// <summary>Forgets the finished command: its events, outbox rows, alerts (the commit keeps that list), the values
    /// extensions set, and every reference to its case.</summary>
    public void Release()
    {
        _events.Clear();
        Array.Clear(_taskRows);
        _outbox.Clear();
        _alerts = null;
        _input = null;
        EarliestDue = null;
        Metrics = null;
        Evaluations = [];
        Snapshot = null!;
        Plan = null!;
        Actor = CommandKey = "";
        PreviousHead = default;
    }

    /// <summary>The case (mutated by <see cref="Raise"/> only).</summary>
    public CaseSnapshot Snapshot { get; private set; }
    /// <summary>The pinned definition's plan.</summary>
    public FlowPlan Plan { get; private set; }
    /// <summary>The definition.</summary>
    public ItemDefinition Item => Plan.Item;
    /// <summary>Command time.</summary>
    public DateTimeOffset Now { get; private set; }
    /// <summary>Who acts.</summary>
    public string Actor { get; private set; }
    /// <summary>Idempotency key.</summary>
    public string CommandKey { get; private set; }
    /// <summary>Expression input over the form and materials.</summary>
    public CaseExpressionInput Input =>
        // Built on first use: most commands evaluate no condition (the local date costs a time-zone conversion).
        _input ??= new CaseExpressionInput(Snapshot, Plan.Item, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, _zone).DateTime));
    /// <summary>State before the command.</summary>
    public CaseState PreviousState { get; private set; }
    /// <summary>Version before the command.</summary>
    public long PreviousVersion { get; private set; }
    /// <summary>Time of the case's last event before the command (default for a submission).</summary>
    public DateTimeOffset PreviousUpdatedAt { get; private set; }
    /// <summary>The case's hash chain head before the command, from the row the command read (empty for a submission).</summary>
    public ChainLink PreviousHead { get; private set; }
    /// <summary>Supervision alerts raised so far (committed with the events).</summary>
    public IReadOnlyList<Alert> Alerts => (IReadOnlyList<Alert>?)_alerts ?? [];
    /// <summary>Events raised so far.</summary>
    public IReadOnlyList<CaseEvent> Events => _events;
    /// <summary>Outbox rows added so far.</summary>
    public IReadOnlyList<OutboxItem> Outbox => _outbox;
    /// <summary>The earliest instant a clock of this case needs attention; set by extensions (clocks).</summary>
    public DateTimeOffset? EarliestDue { get; set; }

    /// <summary>Statistics columns for the case row; set by the statistics extension.</summary>
    public CaseMetrics? Metrics { get; set; }
    /// <summary>Evaluation rows written with the commit; set by evaluation commands.</summary>
    public IReadOnlyList<EvaluationRecord> Evaluations { get; set; } = [];

    /// <summary>Applies and records an event.</summary>
    public void Raise(CaseEvent e)
    {
        EventApplier.Apply(Snapshot, Plan, e, Now, Actor);
        _events.Add(e);
    }

    /// <summary>A buffer for <paramref name="count"/> task rows (valid until the context is reused).</summary>
    public TaskRecord[] TaskRows(int count)
    {
        if (_taskRows.Length < count) _taskRows = new TaskRecord[Math.Max(count, 8)];
        return _taskRows;
    }

    /// <summary>Adds an outbox row delivered after commit.</summary>
    public void AddOutbox(string channel, string type, byte[] payload) => _outbox.Add(new(channel, type, payload, null));

    /// <summary>Adds an outbox row whose payload is <paramref name="value"/>, serialized by <see cref="JsonBytes"/>
    /// only when read (the value must not change afterwards).</summary>
    public void AddOutbox<T>(string channel, string type, T value, JsonTypeInfo<T> typeInfo) where T : class =>
        _outbox.Add(new(channel, type, value, typeInfo));

    /// <summary>Adds a supervision alert to the commit.</summary>
    public void AddAlert(Alert alert) => (_alerts ??= new List<Alert>(1)).Add(alert);

    /// <summary>Adds a notification for the sink.</summary>
    public void Notify(Notification notification) =>
        AddOutbox(Channels.Notification, EnumText<NotificationKind>.Of(notification.Kind), notification, EngineJsonContext.Default.Notification);

    /// <summary>Adds an engine notice (at the command's time) as its parts, without the notice object: the in-memory
    /// store keeps the parts, and a store that takes messages gets the notice built from them (see
    /// <see cref="NoticeParts"/>). For a notice with no extras or a decision's outcome alone.</summary>
    public void Notify(NotificationKind kind, NoticeCase caseColumns, string? taskId = null, SeatColumns? step = null, string? assignee = null,
        CaseOutcome? outcome = null) =>
        _outbox.Add(new(Channels.Notification, EnumText<NotificationKind>.Of(kind), caseColumns, EngineJsonContext.Default.Notification)
        {
            Notice = new NoticeParts(kind, caseColumns, taskId, step, assignee, Notification.OutcomeExtras(outcome)),
        });

    /// <summary>Adds a notice for the applicant of this case with no extras, or a decision's outcome alone, as its parts
    /// (see <see cref="Notify(NotificationKind, NoticeCase, string?, SeatColumns?, string?, CaseOutcome?)"/>).</summary>
    public void NotifyApplicant(NotificationKind kind, CaseOutcome? outcome = null) => Notify(kind, NoticeCase, outcome: outcome);

    /// <summary>A notification for the applicant of this case, with the fields its kind carries (one object: a
    /// <c>with</c> copy of a skeleton would allocate two).</summary>
    public Notification ApplicantNotice(NotificationKind kind, string? reason = null, CaseOutcome? outcome = null, SpecialProcedureKind? procedure = null,
        bool? ended = null, IReadOnlyList<CorrectionItem>? items = null, IReadOnlyList<string>? pendingMaterials = null, DateOnly? promisedBy = null) =>
        new(kind, NoticeCase, Now) { Extras = (reason, outcome, procedure, ended, items, pendingMaterials, promisedBy) };

    /// <summary>The case columns (case, item, item name, applicant) this case's notices share: kept on the case while
    /// they are still its columns (the same strings), else made again.</summary>
    public NoticeCase NoticeCase
    {
        get
        {
            var s = Snapshot;
            var name = Item.Name;
            if (s.NoticeCase is not { } c || !ReferenceEquals(c.CaseNumber, s.CaseNumber) || !ReferenceEquals(c.ItemCode, s.ItemCode)
                || !ReferenceEquals(c.ItemName, name) || !ReferenceEquals(c.Applicant, s.Applicant))
                s.NoticeCase = c = new NoticeCase(s.CaseNumber, s.ItemCode, name, s.Applicant);
            return c;
        }
    }
}
