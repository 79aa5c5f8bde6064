namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 9 (see <see cref="SqliteSchema"/>): a case's events are linked to each other instead of each being
/// indexed.
/// <list type="bullet">
/// <item><c>events.prev</c> is the rowid of the same case's previous event (sequence − 1), and <c>cases.last_event</c> the
/// rowid of the case's last event (sequence = version). The writer sets both: the case row is rewritten by every commit
/// anyway, so the head costs no page of its own.</item>
/// <item><c>ux_events_case</c> (case id, sequence) becomes partial: it holds only the events without <c>prev</c> — a
/// case's first event, every event written before this schema, and any event the writer could not link. Each command
/// used to insert one entry per event into its case's leaf of this index, a leaf per case and command: 35 % of the WAL
/// frames of the engine benchmark's 64-caller run (1.37 frames per action), 9.6 % of the simulator's (1.11 per command,
/// 3.9 entries).</item>
/// </list>
/// Reading a case's events walks the chain back from the case row and takes the rest from the index
/// (<see cref="EventChain"/>). Nothing is copied on upgrade: the old events keep no link and stay in the rebuilt index,
/// and a case's first commit after the upgrade links its first event to the indexed last one.</summary>
internal static class SchemaV9
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        ALTER TABLE events ADD COLUMN prev INTEGER;
        ALTER TABLE cases ADD COLUMN last_event INTEGER;
        DROP INDEX ux_events_case;
        CREATE UNIQUE INDEX ux_events_case ON events (case_id, sequence) WHERE prev IS NULL;
        """;
}
