namespace OneStop.Engine.Supervision.Configuration;

/// <summary>Diagnostic codes of supervision configuration (OS4xxx), listed in docs/supervision.md. Shape errors
/// (unknown keys, wrong types, bad levels) use the definitions' OS1xxx codes; expressions use OS3xxx.</summary>
internal static class SupervisionDiagnosticCodes
{
    /// <summary>A rule id that is not in the catalogue.</summary>
    public const string UnknownRule = "OS4001";
    /// <summary>A parameter the rule does not have.</summary>
    public const string UnknownParameter = "OS4002";
    /// <summary>A parameter value of the wrong kind or out of range.</summary>
    public const string InvalidParameter = "OS4003";
    /// <summary>A custom rule name that is not a simple id, or clashes.</summary>
    public const string InvalidCustomRule = "OS4004";
}
