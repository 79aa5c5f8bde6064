namespace OneStop.Engine;

/// <summary>Records a step of handling a bad evaluation: the applicant was contacted, or the problem rectified.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who records it.</param>
/// <param name="IdempotencyKey">Caller-chosen key.</param>
/// <param name="Channel">The channel of the bad evaluation.</param>
/// <param name="Stage">Which step.</param>
/// <param name="Note">What was done.</param>
public sealed record RecordRectification(string CaseNumber, string Actor, string IdempotencyKey, EvaluationChannel Channel, RectificationStage Stage, string Note);
