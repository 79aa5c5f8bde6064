namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 6 (see <see cref="SqliteSchema"/>): the event log and the command results rebuilt as rowid tables
/// whose keys live in unique indexes, so that rows are appended in commit order instead of inserted by case or by
/// idempotency key. Existing rows are copied in key order, then the old tables are dropped.</summary>
internal static class SchemaV6
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        CREATE TABLE events_v6 (
            id          INTEGER PRIMARY KEY,
            case_number TEXT NOT NULL,
            sequence    INTEGER NOT NULL,
            type        TEXT NOT NULL,
            at          INTEGER NOT NULL,
            actor       TEXT NOT NULL,
            command_key TEXT NOT NULL,
            payload     BLOB NOT NULL,
            hash        BLOB NOT NULL
        );
        INSERT INTO events_v6 (case_number, sequence, type, at, actor, command_key, payload, hash)
          SELECT case_number, sequence, type, at, actor, command_key, payload, hash FROM events ORDER BY case_number, sequence;
        DROP TABLE events;
        ALTER TABLE events_v6 RENAME TO events;
        CREATE UNIQUE INDEX ux_events_case ON events (case_number, sequence);
        CREATE TABLE commands_v6 (
            id              INTEGER PRIMARY KEY,
            idempotency_key TEXT NOT NULL,
            case_number     TEXT NOT NULL,
            result          BLOB NOT NULL
        );
        INSERT INTO commands_v6 (idempotency_key, case_number, result) SELECT idempotency_key, case_number, result FROM commands;
        DROP TABLE commands;
        ALTER TABLE commands_v6 RENAME TO commands;
        CREATE UNIQUE INDEX ux_commands_key ON commands (idempotency_key);
        """;
}
