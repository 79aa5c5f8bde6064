using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>Limits for handling a bad evaluation (差评, a rating of 1 or 2), counted from the evaluation with the
/// working calendar.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Contact the applicant within this; default 1 workday.</summary>
    public TimeAmount ContactWithin { get; set; } = TimeAmount.Workdays(1);

    /// <summary>Finish the rectification within this; default 5 workdays.</summary>
    public TimeAmount RectifyWithin { get; set; } = TimeAmount.Workdays(5);

    /// <summary>Every problem with the options.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (ContactWithin.Value <= 0) errors.Add("Evaluations: ContactWithin must be positive.");
        if (RectifyWithin.Value <= 0) errors.Add("Evaluations: RectifyWithin must be positive.");
        return errors;
    }
}
