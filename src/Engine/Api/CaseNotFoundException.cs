namespace OneStop.Engine;

/// <summary>There is no case with this number.</summary>
public sealed class CaseNotFoundException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public CaseNotFoundException(string caseNumber) : base($"Case {caseNumber} does not exist.") => CaseNumber = caseNumber;

    /// <summary>The case number asked for.</summary>
    public string CaseNumber { get; }
}
