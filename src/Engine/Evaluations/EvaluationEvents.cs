using OneStop.Engine.Events;

namespace OneStop.Engine.Evaluations;

/// <summary>Base of the evaluation events; applied by <see cref="EvaluationApplier"/>.</summary>
internal abstract record EvaluationEvent : CaseEvent;

/// <summary>好差评 given. For a bad rating the rectification due instants are computed once, with the calendar, and
/// recorded, so replay needs no calendar.</summary>
internal sealed record CaseEvaluated(EvaluationChannel Channel, int Rating, string? Comment, DateTimeOffset? ContactDue, DateTimeOffset? RectifyDue) : EvaluationEvent
{
    public const string Name = "case.evaluated.v1";
    public override string TypeName => Name;
}

/// <summary>A step of rectifying a bad evaluation was recorded.</summary>
internal sealed record RectificationRecorded(EvaluationChannel Channel, RectificationStage Stage, string Note) : EvaluationEvent
{
    public const string Name = "case.rectification-recorded.v1";
    public override string TypeName => Name;
}
