namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 12 (see <see cref="SqliteSchema"/>): <c>ix_cases_open_due</c>, the overdue list's index of the open
/// accepted cases by due instant, no longer carries the case's state.
/// <para>With <c>state</c> in its key, every state change of an open accepted case (suspended, resumed, returned for
/// correction, …) deleted the case's entry and inserted it again in the same place: SQLite updates an index whenever an
/// UPDATE sets one of its columns, whatever the values, so that was a leaf written per such command for an entry whose
/// position did not move. Without it, the index is written only when a case is accepted (its <c>due_at</c> is set), when
/// its due instant moves (an extension, a special procedure) and when it is finished.</para>
/// The overdue list leaves out the suspended cases by reading the state from the case row of each overdue candidate
/// (the open cases past their due instant, a few among the open ones), which the list reads anyway for its case numbers.
/// Only the index is rebuilt (over the open cases); no row changes.</summary>
internal static class SchemaV12
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        DROP INDEX ix_cases_open_due;
        CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department) WHERE due_at IS NOT NULL AND finished_at IS NULL;
        """;
}
