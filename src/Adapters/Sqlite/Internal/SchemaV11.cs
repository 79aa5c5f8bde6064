namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 11 (see <see cref="SqliteSchema"/>): the task lists' role and department indexes hold only the tasks
/// that have a role (<c>ix_tasks_role</c>) or a department (<c>ix_tasks_department</c>).
/// <para>A task list asks for <c>role IN (…)</c> or <c>department IN (…)</c>, which no NULL matches, so an entry with a NULL
/// key was never read; but every unassigned task had one in each index, inserted and deleted with the task. The engine's
/// tasks usually name a role and no department (every task of the simulator does): each opened or closed task wrote a
/// leaf of <c>ix_tasks_department</c> that no query reads, 3.9 % of the WAL frames of a 10,000-case simulation (0.43 frames
/// per command, counted by the page images written). SQLite still uses the partial indexes for the task lists: an
/// <c>IN</c> on a column implies that the column is not NULL.</para>
/// Only the two indexes are rebuilt (from the open tasks, a small table); no row changes.</summary>
internal static class SchemaV11
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        DROP INDEX ix_tasks_role;
        DROP INDEX ix_tasks_department;
        CREATE INDEX ix_tasks_role ON tasks (role, due, created_at) WHERE assignee IS NULL AND role IS NOT NULL;
        CREATE INDEX ix_tasks_department ON tasks (department, due, created_at) WHERE assignee IS NULL AND department IS NOT NULL;
        """;
}
