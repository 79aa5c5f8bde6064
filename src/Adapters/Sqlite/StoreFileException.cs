namespace OneStop.Adapters.Sqlite;

/// <summary>A store file was refused before anything was written to it: it is missing, not SQLite, another
/// application's database, written by a newer OneStop, or damaged. The file is left exactly as it was.</summary>
public sealed class StoreFileException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public StoreFileException(string path, StoreFileProblem problem, string reason, Exception? inner = null)
        : base($"Cannot open store file '{path}': {reason}", inner)
    {
        Path = path;
        Problem = problem;
        Reason = reason;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public StoreFileProblem Problem { get; }

    /// <summary>A readable explanation.</summary>
    public string Reason { get; }
}
