namespace OneStop.Engine;

/// <summary>好差评: the applicant rates a concluded or refused case, once per channel.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who rates (normally the applicant).</param>
/// <param name="IdempotencyKey">Caller-chosen key; a repeat returns the first result.</param>
/// <param name="Rating">1 非常不满意, 2 不满意, 3 基本满意, 4 满意, 5 非常满意. 1 and 2 are 差评 and open rectification clocks.</param>
/// <param name="Channel">Where the rating was given.</param>
/// <param name="Comment">Optional comment.</param>
public sealed record Evaluate(string CaseNumber, string Actor, string IdempotencyKey, int Rating, EvaluationChannel Channel, string? Comment = null);
