namespace OneStop.Engine;

/// <summary>好差评: evaluations of finished cases and the rectification of bad ones. Registered by <c>AddOneStop</c>.</summary>
public interface ICaseEvaluations
{
    /// <summary>Records an evaluation. A rating of 1 or 2 opens the rectification clocks (contact, rectify).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rating is not 1–5.</exception>
    /// <exception cref="CaseNotFoundException">No such case.</exception>
    /// <exception cref="EvaluationNotAllowedException">The case is not concluded or refused, or was already rated on this channel.</exception>
    /// <exception cref="ConcurrencyException">Another command changed the case first.</exception>
    Task<CommandResult> EvaluateAsync(Evaluate command, CancellationToken cancellationToken = default);

    /// <summary>Records the contact or the rectification of a bad evaluation.</summary>
    /// <exception cref="CaseNotFoundException">No such case.</exception>
    /// <exception cref="EvaluationNotAllowedException">No bad evaluation on that channel, or the step was already recorded.</exception>
    /// <exception cref="ConcurrencyException">Another command changed the case first.</exception>
    Task<CommandResult> RecordRectificationAsync(RecordRectification command, CancellationToken cancellationToken = default);
}
