using OneStop.Engine.Pipeline;

namespace OneStop.Cli.Simulation;

/// <summary>The simulator's subcases by applicant, learned from their filing commits: a child inherits its parent's
/// applicant, so an applicant's children are the cases filed with a parent under that name. The driver looked them up
/// with <c>SearchCasesAsync</c> by applicant (a page of the 26-column case join with snapshots, and a <c>Durable</c> read
/// that waits for the last group's fsync) each time a case waited on its subcase; the answer here is the same cases in
/// the search's order (newest filing first, then case number).</summary>
internal sealed class SubcaseIndex : ICaseExtension
{
    private readonly Dictionary<string, List<(DateTimeOffset SubmittedAt, string CaseNumber)>> _children = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Children filed so far (tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate) return _children.Values.Sum(l => l.Count);
        }
    }

    public void OnCommitting(CommitContext context)
    {
    }

    public void OnCommitted(CommitContext context)
    {
        var s = context.Case;
        if (context.PreviousVersion != 0 || s.ParentCase is null) return;
        lock (_gate)
        {
            if (!_children.TryGetValue(s.Applicant, out var list)) _children.Add(s.Applicant, list = []);
            list.Add((s.SubmittedAt, s.CaseNumber));
        }
    }

    /// <summary>Forgets an applicant's children once its case needs nothing more (the driver looks for them only while the
    /// case waits), so the index holds the open families' children, not the run's.</summary>
    public void Forget(string applicant)
    {
        lock (_gate) _children.Remove(applicant);
    }

    /// <summary>The applicant's children, newest filing first and then by case number (the store's search order).</summary>
    public string[] ChildrenOf(string applicant)
    {
        (DateTimeOffset SubmittedAt, string CaseNumber)[] found;
        lock (_gate)
        {
            if (!_children.TryGetValue(applicant, out var list)) return [];
            found = [.. list];
        }
        Array.Sort(found, static (a, b) => b.SubmittedAt.UtcTicks != a.SubmittedAt.UtcTicks
            ? b.SubmittedAt.UtcTicks.CompareTo(a.SubmittedAt.UtcTicks)
            : string.CompareOrdinal(a.CaseNumber, b.CaseNumber));
        return Array.ConvertAll(found, c => c.CaseNumber);
    }
}
