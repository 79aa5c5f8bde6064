namespace OneStop.Engine;

/// <summary>The steps that close a bad evaluation (差评整改).</summary>
public enum RectificationStage
{
    /// <summary>The applicant was contacted (回访核实); due within <see cref="EvaluationOptions.ContactWithin"/>.</summary>
    Contacted,
    /// <summary>The problem was rectified (整改完成); due within <see cref="EvaluationOptions.RectifyWithin"/>.</summary>
    Rectified,
}
