namespace OneStop.Engine;

/// <summary>A command is malformed or names something that does not exist (an unknown task, a return target
/// the definition does not declare, a missing reason). Nothing was changed.</summary>
public sealed class InvalidCommandException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public InvalidCommandException(string? caseNumber, CaseAction action, string problem)
        : base($"{action} on case {caseNumber ?? "(new)"}: {problem}")
    {
        CaseNumber = caseNumber;
        Action = action;
        Problem = problem;
    }

    /// <summary>The case, or null for a submission.</summary>
    public string? CaseNumber { get; }
    /// <summary>The action.</summary>
    public CaseAction Action { get; }
    /// <summary>What is wrong.</summary>
    public string Problem { get; }
}
