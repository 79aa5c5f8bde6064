namespace OneStop.Definitions.Flow;

/// <summary>Where a return (退回) may send the case.</summary>
public enum ReturnTargetKind
{
    /// <summary>The step that ran before this one in the same or an enclosing sequence.</summary>
    Previous,
    /// <summary>The first step of the flow.</summary>
    Start,
    /// <summary>A named earlier step in the same or an enclosing sequence.</summary>
    Step,
}
