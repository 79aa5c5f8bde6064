namespace OneStop.Engine.Evaluations;

/// <summary>One evaluation inside a case snapshot, with its rectification clocks as due instants.</summary>
internal sealed class EvaluationState
{
    /// <summary>Channel (one evaluation per case and channel).</summary>
    public EvaluationChannel Channel { get; set; }
    /// <summary>1 … 5.</summary>
    public int Rating { get; set; }
    /// <summary>When given.</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>Comment.</summary>
    public string? Comment { get; set; }
    /// <summary>Contact due (bad ratings only).</summary>
    public DateTimeOffset? ContactDue { get; set; }
    /// <summary>Rectification due (bad ratings only).</summary>
    public DateTimeOffset? RectifyDue { get; set; }
    /// <summary>When the contact was recorded.</summary>
    public DateTimeOffset? ContactedAt { get; set; }
    /// <summary>When the rectification was recorded.</summary>
    public DateTimeOffset? RectifiedAt { get; set; }

    /// <summary>Whether this is 差评.</summary>
    public bool IsBad => Rating <= 2;

    /// <summary>A copy.</summary>
    public EvaluationState Clone() => (EvaluationState)MemberwiseClone();
}
