using System.Text.Json.Serialization;
using OneStop.Definitions;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Clocks;

/// <summary>Base of the clock events; applied by <see cref="ClockApplier"/>.</summary>
internal abstract record ClockEvent : CaseEvent;

/// <summary>A planned threshold instant.</summary>
internal sealed record ThresholdPlan(string Id, AlertLevel Level, DateTimeOffset At);

/// <summary>A clock started. Due and threshold instants are computed once, with the calendar, and recorded, so replay needs no calendar.</summary>
internal sealed record ClockStarted(string Clock, ClockKind Kind, int Node, string? StepId, [property: JsonConverter(typeof(TimeAmountJsonConverter))] TimeAmount Limit, DateTimeOffset StartedAt,
    DateTimeOffset DueAt, long BudgetMinutes, bool Provisional, List<ThresholdPlan> Thresholds) : ClockEvent
{
    public const string Name = "clock.started.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>Clocks paused by a special procedure (Art.45).</summary>
internal sealed record ClocksPaused(List<string> Clocks) : ClockEvent
{
    public const string Name = "clock.paused.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>A paused clock runs again; the working minutes lost move its due instant and pending thresholds.</summary>
internal sealed record ClockResumed(string Clock, long LostMinutes, DateTimeOffset DueAt, bool Provisional, List<ThresholdPlan> Thresholds) : ClockEvent
{
    public const string Name = "clock.resumed.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>延期 added to a decision clock (once).</summary>
internal sealed record ClockExtended(string Clock, [property: JsonConverter(typeof(TimeAmountJsonConverter))] TimeAmount Amount, long AddedMinutes, DateTimeOffset DueAt, bool Provisional, List<ThresholdPlan> Thresholds) : ClockEvent
{
    public const string Name = "clock.extended.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>Clocks stopped.</summary>
internal sealed record ClocksStopped(List<string> Clocks, string Reason) : ClockEvent
{
    public const string Name = "clock.stopped.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>A threshold fired (once per clock and threshold); <see cref="Outcome"/> says what the engine did.</summary>
internal sealed record DeadlineFired(string Clock, string Threshold, AlertLevel Level, DateTimeOffset DueAt, long RemainingMinutes,
    DeadlineOutcome Outcome, string? EscalatedTo) : ClockEvent
{
    public const string Name = "clock.deadline-fired.v1";
    [JsonIgnore] public override string TypeName => Name;
}

/// <summary>行政许可法 Art.32: no correction notice and no acceptance within the limit; the case counts as accepted as of <see cref="AcceptedAsOf"/>.</summary>
internal sealed record CaseDeemedAccepted(DateTimeOffset AcceptedAsOf) : ClockEvent
{
    public const string Name = "case.deemed-accepted.v1";
    [JsonIgnore] public override string TypeName => Name;
}
