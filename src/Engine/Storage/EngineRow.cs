namespace OneStop.Engine.Storage;

/// <summary>What the engine reads of a case row on every command: its version, the stored snapshot's version, its
/// chain head and its pinned definition.</summary>
internal readonly record struct EngineRow(string ItemCode, int ItemVersion, string ContentHash, long Version, long SnapshotVersion, Audit.ChainLink Head)
{
    /// <summary>The same of a row.</summary>
    public static EngineRow Of(CaseRecord row) => new(row.ItemCode, row.ItemVersion, row.ContentHash, row.Version, row.SnapshotVersion, row.Head);
}
