using OneStop.Definitions;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Statistics;

/// <summary>Writes the statistics columns of the case row (<see cref="CaseMetrics"/>) at every commit from acceptance
/// on, with the working calendar: the promised (else statutory) limit plus the one extension, counted from acceptance;
/// and once decided, the working minutes used and the on-time and early flags. It also carries the calendar and the
/// evaluation options to the evaluation commands.</summary>
/// <remarks>Special procedures (特别程序) pause the limit. Until the case clocks (issue 4) are merged into this
/// computation, the working time of a suspension is not subtracted; the overdue list leaves suspended cases out.</remarks>
internal sealed class StatisticsExtension(WorkingCalendar calendar, EvaluationOptions evaluations) : ICaseExtension
{
    /// <summary>The working calendar.</summary>
    public WorkingCalendar Calendar => calendar;

    /// <summary>Rectification limits for bad evaluations.</summary>
    public EvaluationOptions Evaluations => evaluations;

    /// <inheritdoc />
    public void OnCommitting(CommitContext context) => context.Metrics = Compute(context.Case, context.Item, calendar);

    /// <summary>The metrics of a case as it stands.</summary>
    internal static CaseMetrics? Compute(Flow.CaseSnapshot s, ItemDefinition item, WorkingCalendar calendar)
    {
        var closed = Lifecycle.LifecycleTable.IsClosed(s.State);
        if (s.AcceptedAt is null && !closed) return null;
        var decidedAt = s.Outcome is null ? null : s.DecidedAt;
        var finishedAt = decidedAt ?? (closed ? s.ConcludedAt : null);
        var result = s.Outcome?.ToString() ?? (closed ? s.State.ToString() : null);
        if (s.AcceptedAt is not { } accepted) return new CaseMetrics(null, null, null, finishedAt, result, null, null, null);

        var due = calendar.Add(accepted, item.Time.Promised ?? item.Time.Statutory).Instant;
        if (s.Extended) due = calendar.Add(due, item.Time.Extension).Instant;
        var limit = calendar.WorkingMinutesBetween(accepted, due);
        if (decidedAt is not { } decided) return new CaseMetrics(accepted, due, limit, finishedAt, result, null, null, null);

        var worked = calendar.WorkingMinutesBetween(accepted, decided);
        var onTime = decided <= due;
        var early = onTime && calendar.WorkingMinutesBetween(decided, due) >= calendar.MinutesPerWorkday;
        return new CaseMetrics(accepted, due, limit, finishedAt, result, worked, onTime, early);
    }
}
