namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 11 (see <see cref="SqliteSchema"/>): three indexes lose the entries that no query reads.
/// <list type="bullet">
/// <item><c>ix_tasks_role</c> and <c>ix_tasks_department</c> hold only the unassigned tasks that have a role, or a
/// department. A task list asks for <c>role IN (…)</c> or <c>department IN (…)</c>, which no NULL matches, yet every
/// unassigned task had an entry in both, inserted and deleted with the task. The engine's tasks usually name a role and
/// no department (every task of the simulator does), so each task opened or closed wrote a leaf of
/// <c>ix_tasks_department</c> that nothing reads: 3.9 % of the WAL frames of a 10,000-case simulation, 0.43 per command
/// (counted from the page images in the WAL). SQLite still reads the task lists from them: an <c>IN</c> on a column
/// implies that the column is not NULL.</item>
/// <item><c>ix_alerts_case</c> holds only the alerts whose id does not begin with their case number and a colon. The
/// engine's alert ids are <c>&lt;case number&gt;:&lt;rule&gt;:&lt;n&gt;</c>, so a case's alerts are already together in
/// <c>ux_alerts_id</c> and a case's alert list reads them as a range of it (as <c>ix_tasks_case</c> does for tasks since
/// schema 7); the index was written in a random leaf for every alert raised (1.5 % of the simulation's WAL frames).</item>
/// </list>
/// Only the three indexes are rebuilt (from the open tasks, a small table, and the alerts); no row changes.</summary>
internal static class SchemaV11
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        DROP INDEX ix_tasks_role;
        DROP INDEX ix_tasks_department;
        CREATE INDEX ix_tasks_role ON tasks (role, due, created_at) WHERE assignee IS NULL AND role IS NOT NULL;
        CREATE INDEX ix_tasks_department ON tasks (department, due, created_at) WHERE assignee IS NULL AND department IS NOT NULL;
        DROP INDEX ix_alerts_case;
        CREATE INDEX ix_alerts_case ON alerts (case_number, raised_at) WHERE substr(alert_id, 1, length(case_number) + 1) <> case_number || ':';
        """;
}
