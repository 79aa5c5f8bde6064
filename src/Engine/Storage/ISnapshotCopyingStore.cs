namespace OneStop.Engine.Storage;

/// <summary>A store that reads a commit's <see cref="CaseRecord.Snapshot"/> bytes during the
/// <see cref="ICaseStore.CommitAsync"/> call only: it copies or encodes them before the call returns (before it waits for
/// its writer or for durability) and never reads them again, neither through the commit nor through the row it keeps.
/// The engine then serializes the snapshot into a buffer of its own thread and reuses that buffer as soon as the call
/// returns, so no 4 KB array per stored snapshot is allocated nor kept alive while the commit waits for its fsync.
/// Internal: a store outside this assembly's friends keeps the public contract, under which the bytes are its own.</summary>
internal interface ISnapshotCopyingStore;
