namespace OneStop.Adapters.Sqlite;

/// <summary>SQLite's <c>PRAGMA synchronous</c> setting for the writer connection (WAL mode).</summary>
public enum SqliteSynchronousMode
{
    /// <summary>No fsync: fastest, and a power loss may lose or corrupt recent commits. Tests only.</summary>
    Off = 0,

    /// <summary>fsync at checkpoints only: a power loss may lose the last commits, never corrupts the file.</summary>
    Normal = 1,

    /// <summary>fsync the WAL on every commit: an acknowledged commit survives a power loss. The default.</summary>
    Full = 2,

    /// <summary>Like Full, and also syncs the directory after deleting a journal.</summary>
    Extra = 3,
}
