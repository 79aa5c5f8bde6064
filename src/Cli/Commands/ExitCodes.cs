namespace OneStop.Cli.Commands;

/// <summary>Process exit codes shared by every command.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The input has errors (definitions, dates, a damaged file).</summary>
    public const int Errors = 1;

    /// <summary>The command line itself was wrong.</summary>
    public const int Usage = 2;
}
