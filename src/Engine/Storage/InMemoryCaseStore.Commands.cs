namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    // The result list last kept, its case and what was kept for it: a command that leaves the same tasks open (a transfer, a
    // comment) passes the same list again, which is then not parsed again. Under _gate.
    private IReadOnlyList<string>? _keptIdsList;
    private string? _keptIdsCase;
    private object? _keptIds;

    /// <summary><see cref="KeptCommand.KeptIds"/> for an engine result, with _gate held.</summary>
    internal object KeptIdsLocked(CommandResult result)
    {
        var ids = result.OpenTaskIds;
        if (ReferenceEquals(ids, _keptIdsList) && ReferenceEquals(result.CaseNumber, _keptIdsCase)) return _keptIds!;
        var kept = KeptCommand.KeptIds(result.CaseNumber, ids);
        _keptIdsList = ids;
        _keptIdsCase = result.CaseNumber;
        return _keptIds = kept;
    }
}
