namespace OneStop.Adapters.Sqlite;

/// <summary>Why a store file was refused.</summary>
public enum StoreFileProblem
{
    /// <summary>The file does not exist and creating it was not allowed.</summary>
    NotFound,

    /// <summary>The file is not an SQLite database at all.</summary>
    NotSqlite,

    /// <summary>An SQLite database written by another application.</summary>
    Foreign,

    /// <summary>A OneStop store written by a newer version, with a schema this version does not know.</summary>
    NewerVersion,

    /// <summary>The file is damaged (the integrity check failed or SQLite reports corruption).</summary>
    Damaged,

    /// <summary>The file could not be read (permissions, I/O error).</summary>
    Unreadable,
}
