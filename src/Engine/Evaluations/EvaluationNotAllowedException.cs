namespace OneStop.Engine;

/// <summary>An evaluation or rectification was refused: the case is not concluded or refused yet, it was already rated
/// on that channel, or there is no bad evaluation to rectify. Nothing was written.</summary>
public sealed class EvaluationNotAllowedException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public EvaluationNotAllowedException(string caseNumber, CaseState state, EvaluationChannel channel, string reason)
        : base($"Case {caseNumber} ({state}) cannot take this on channel {channel}: {reason}.")
    {
        CaseNumber = caseNumber;
        State = state;
        Channel = channel;
        Reason = reason;
    }

    /// <summary>The case.</summary>
    public string CaseNumber { get; }
    /// <summary>Its state.</summary>
    public CaseState State { get; }
    /// <summary>The channel.</summary>
    public EvaluationChannel Channel { get; }
    /// <summary>Why.</summary>
    public string Reason { get; }
}
