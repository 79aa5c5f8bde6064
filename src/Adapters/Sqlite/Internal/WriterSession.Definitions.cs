using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Content hashes whose definitions row this writer saw committed. The engine hands a new case's definition to its
    // first commit every time, and the INSERT OR IGNORE that finds it already there still searches the WITHOUT ROWID
    // table, whose rows (≈ 800 bytes of text) overflow a 1 KB page: each cell the search compares is read in full,
    // overflow page included: ≈ 9 pages per submission, 7 % of the writer's page reads from the file in a 30k simulation
    // (its 2 MB cache mostly no longer holds them). A row is never deleted (no statement of the store deletes one), so a
    // hash seen committed stays true; entries change only when their transaction commits, as the known cases do. Past
    // the limit the set starts over: a forgotten hash costs one search again, not a wrong row.
    private const int StoredDefinitionsLimit = 16_384;
    private readonly HashSet<string> _storedDefinitions = new(StringComparer.Ordinal);
    private readonly List<string> _pendingDefinitions = [];
    private int _definitionsMark;

    private void WriteDefinition(DefinitionRecord d)
    {
        if (_storedDefinitions.Contains(d.ContentHash)) return;
        _insertDefinition.Text(1, d.ContentHash).Text(2, d.ItemCode).Int(3, d.ItemVersion).Text(4, d.Text).Execute();
        _pendingDefinitions.Add(d.ContentHash);
    }

    private void ApplyPendingDefinitions()
    {
        if (_storedDefinitions.Count + _pendingDefinitions.Count > StoredDefinitionsLimit) _storedDefinitions.Clear();
        foreach (var hash in _pendingDefinitions) _storedDefinitions.Add(hash);
    }

    /// <summary>Whether this writer knows <paramref name="contentHash"/>'s definition to be committed (tests).</summary>
    internal bool KnowsDefinition(string contentHash) => _storedDefinitions.Contains(contentHash);
}
