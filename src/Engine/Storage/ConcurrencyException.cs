namespace OneStop.Engine;

/// <summary>Another command changed the case first; reload and retry, or report to the caller.</summary>
public sealed class ConcurrencyException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public ConcurrencyException(string caseNumber, long expectedVersion, long actualVersion)
        : base($"Case {caseNumber} was changed concurrently: expected version {expectedVersion}, found {actualVersion}.")
    {
        CaseNumber = caseNumber;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>The case.</summary>
    public string CaseNumber { get; }
    /// <summary>The version the command read.</summary>
    public long ExpectedVersion { get; }
    /// <summary>The version found in the store (-1 when unknown).</summary>
    public long ActualVersion { get; }
}
