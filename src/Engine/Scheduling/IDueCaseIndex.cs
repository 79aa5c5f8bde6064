using OneStop.Engine.Storage;

namespace OneStop.Engine.Scheduling;

/// <summary>A store that lists due cases without their rows' snapshots. <see cref="ICaseStore.FindDueAsync"/> returns
/// whole rows, snapshot included (the SQLite store reads and inflates each one), while the deadline pass and the
/// simulator's round plan only need which cases are due.</summary>
internal interface IDueCaseIndex
{
    /// <summary>The cases <see cref="ICaseStore.FindDueAsync"/> would return for the same arguments, in the same order.</summary>
    Task<IReadOnlyList<DueCase>> FindDueCasesAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default);
}
