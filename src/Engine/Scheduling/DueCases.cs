using OneStop.Engine.Storage;

namespace OneStop.Engine.Scheduling;

/// <summary>Due cases from any store: through <see cref="IDueCaseIndex"/> when the store has one, else from the rows of
/// <see cref="ICaseStore.FindDueAsync"/>.</summary>
internal static class DueCases
{
    /// <summary>Cases whose earliest due instant is at or before <paramref name="upTo"/>, earliest first (as
    /// <see cref="ICaseStore.FindDueAsync"/>).</summary>
    public static Task<IReadOnlyList<DueCase>> FindAsync(ICaseStore store, DateTimeOffset upTo, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store is IDueCaseIndex index ? index.FindDueCasesAsync(upTo, limit, cancellationToken) : FromRowsAsync(store, upTo, limit, cancellationToken);
    }

    private static async Task<IReadOnlyList<DueCase>> FromRowsAsync(ICaseStore store, DateTimeOffset upTo, int limit, CancellationToken cancellationToken)
    {
        var rows = await store.FindDueAsync(upTo, limit, cancellationToken).ConfigureAwait(false);
        var due = new List<DueCase>(rows.Count);
        // FindDueAsync returns only rows with a due instant; one without (a store breaking that) has nothing to fire.
        foreach (var r in rows)
        {
            if (r.EarliestDue is { } at) due.Add(new DueCase(r.CaseNumber, r.Applicant, at));
        }
        return due;
    }
}
