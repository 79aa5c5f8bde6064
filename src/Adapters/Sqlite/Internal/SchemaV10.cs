namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 10 (see <see cref="SqliteSchema"/>): the statistics read one index, clustered by finish time, instead
/// of six.
/// <list type="bullet">
/// <item><c>ix_cases_by_item</c>, <c>ix_cases_by_department</c>, <c>ix_cases_by_kind</c>, <c>ix_cases_by_result</c> and
/// <c>ix_cases_duration</c> are dropped. Each led with its breakdown key (or the working time), so a finishing case's
/// entry landed in a random leaf of each: 1.4 WAL frames per simulator command (11 % of all), for queries run a few times
/// a day. <c>ix_cases_finished</c> (finish time first, covering every column the statistics read) is kept: cases finish
/// roughly in time order, so consecutive finishes share its last leaf.</item>
/// <item>The breakdowns and the working-time histogram are one range scan of <c>ix_cases_finished</c> over the period,
/// grouped in .NET (<see cref="StatisticsQueries"/>); SQLite would sort the rows to group them, which took 2–3 s over a
/// million cases before the per-key indexes.</item>
/// </list>
/// Nothing is copied on upgrade: the five indexes are dropped and every row stays as it was.</summary>
internal static class SchemaV10
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        DROP INDEX ix_cases_by_item;
        DROP INDEX ix_cases_by_department;
        DROP INDEX ix_cases_by_kind;
        DROP INDEX ix_cases_by_result;
        DROP INDEX ix_cases_duration;
        """;
}
