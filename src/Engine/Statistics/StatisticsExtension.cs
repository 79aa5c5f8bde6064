using OneStop.Definitions;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Statistics;

/// <summary>Writes the statistics columns of the case row (<see cref="CaseMetrics"/>) at every commit from acceptance
/// on, with the working calendar: the promised (else statutory) limit plus the one extension, counted from acceptance;
/// and once decided, the working minutes used and the on-time and early flags. It also carries the calendar and the
/// evaluation options to the evaluation commands.</summary>
/// <remarks>Special procedures (特别程序) pause the limit: with the case clocks registered (the default), the due instant,
/// budget and paused working time come from the promised (else statutory) clock; without them the limit is counted
/// from acceptance and pauses are not known. The overdue list leaves suspended cases out either way.</remarks>
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

        // The case clocks (when registered) know the pauses of special procedures and the extension: use the promised
        // clock, else the statutory one. Without them, count the limit from acceptance here (no pauses known).
        var clock = s.Clocks?.FindLast(c => c.Kind == ClockKind.Promised) ?? s.Clocks?.FindLast(c => c.Kind == ClockKind.Decision);
        DateTimeOffset due;
        long limit, paused = 0;
        if (clock is not null)
        {
            due = clock.DueAt;
            limit = clock.BudgetMinutes;
            paused = clock.PausedMinutes;
        }
        else
        {
            due = calendar.Add(accepted, item.Time.Promised ?? item.Time.Statutory).Instant;
            if (s.Extended) due = calendar.Add(due, item.Time.Extension).Instant;
            limit = calendar.WorkingMinutesBetween(accepted, due);
        }
        if (decidedAt is not { } decided) return new CaseMetrics(accepted, due, limit, finishedAt, result, null, null, null);

        var worked = Math.Max(0, calendar.WorkingMinutesBetween(accepted, decided) - paused);
        var onTime = decided <= due;
        var early = onTime && calendar.WorkingMinutesBetween(decided, due) >= calendar.MinutesPerWorkday;
        return new CaseMetrics(accepted, due, limit, finishedAt, result, worked, onTime, early);
    }
}
