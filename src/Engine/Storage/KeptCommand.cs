namespace OneStop.Engine.Storage;

/// <summary>What the idempotency table keeps per key: the columns of a result the engine built (its record and result
/// are rebuilt when read, so the store keeps no result object per command), or a record as given. Inline in the table's
/// entry, or, for the engine's commit with events, in that commit's record in the event arena (the table's slot then
/// names the commit: see <see cref="KeyTable{TValue}"/>), so such a command leaves one record, not two.</summary>
internal readonly struct KeptCommand
{
    // The record as given, or the result's open task ids: the engine's ids of the case with consecutive numbers (up to
    // four) as their shared TaskRun, else the list (shared with the case's later results while unchanged), the id
    // itself for a list of one; the table keeps no list object or id string for the former two: rebuilt when read.
    private readonly object _kept;
    private readonly string? _caseNumber;
    // The version in the low 40 bits, the event count in the next 16, the state in the next 4 and the outcome + 1
    // (0: none) in the top 4: the entry is 8 bytes smaller than with a field each (the table holds one per command
    // ever committed, and its growth is a fifth of a transfer's bytes). A result out of these ranges keeps its record.
    private readonly ulong _packed;

    private KeptCommand(CommandRecord record)
    {
        _kept = record;
        _caseNumber = null;
        _packed = 0;
    }

    private KeptCommand(CommandResult result, object kept)
    {
        _kept = kept;
        _caseNumber = result.CaseNumber;
        _packed = (ulong)result.Version | ((ulong)result.EventCount << EventCountShift) | ((ulong)result.State << StateShift)
            | ((result.Outcome is { } outcome ? (ulong)outcome + 1 : 0) << OutcomeShift);
    }

    /// <summary>True for no entry (the default value).</summary>
    public bool IsNone => _kept is null;

    /// <summary>The result's case number when the entry keeps the engine's columns (null for a record kept as given).</summary>
    public string? CaseNumber => _caseNumber;

    /// <summary>The result's version (meaningful when <see cref="CaseNumber"/> is not null).</summary>
    public long Version => (long)(_packed & VersionMask);

    /// <summary>The result's event count (meaningful when <see cref="CaseNumber"/> is not null).</summary>
    public int EventCount => (int)((_packed >> EventCountShift) & 0xFFFF);

    /// <summary>The entry for the result of the engine's command <paramref name="idempotencyKey"/> (its record is rebuilt
    /// equal, bytes included), with <paramref name="store"/>'s lock held.</summary>
    public static KeptCommand Of(string idempotencyKey, CommandResult result, InMemoryCaseStore store) =>
        Fits(result) ? new KeptCommand(result, store.KeptIdsLocked(result)) : new KeptCommand(new CommandRecord(idempotencyKey, result));

    /// <summary>The entry for a committed record: its result's columns when the engine built it, else the record itself.</summary>
    public static KeptCommand Of(CommandRecord record) =>
        record.Value is { } result && string.Equals(result.CaseNumber, record.CaseNumber, StringComparison.Ordinal) && Fits(result)
            ? new KeptCommand(result, KeptIds(result.CaseNumber, result.OpenTaskIds))
            : new KeptCommand(record);

    /// <summary>What an entry keeps of a result's open task ids (see <see cref="_kept"/>).</summary>
    public static object KeptIds(string caseNumber, IReadOnlyList<string> ids) =>
        ids is Pipeline.TaskIdList { Count: > 0 } list && TaskRun.Of(caseNumber, list) is { } run ? run
        : ids is Pipeline.TaskIdList { Count: 1 } one ? one[0] : ids;

    /// <summary>The record, rebuilt for <paramref name="idempotencyKey"/> from the kept columns when it was the engine's.</summary>
    public CommandRecord ToRecord(string idempotencyKey)
    {
        if (_caseNumber is null) return (CommandRecord)_kept;
        var outcome = (int)(_packed >> OutcomeShift);
        return new CommandRecord(idempotencyKey, new CommandResult(_caseNumber, (long)(_packed & VersionMask), (CaseState)((_packed >> StateShift) & 0xF),
            outcome == 0 ? null : (CaseOutcome)(outcome - 1), (int)((_packed >> EventCountShift) & 0xFFFF),
            _kept as IReadOnlyList<string> ?? (_kept as TaskRun)?.ToList(_caseNumber) ?? Pipeline.TaskIdList.Of((string)_kept)));
    }

    // A result the columns give back exactly (a repeat's flag, or a value beyond its packed range, keeps the record).
    private static bool Fits(CommandResult result) =>
        !result.Repeated && (ulong)result.Version <= VersionMask && (uint)result.EventCount <= 0xFFFF && (uint)result.State <= 0xF
        && (result.Outcome is not { } o || (uint)o < 0xF);

    private const int EventCountShift = 40;
    private const int StateShift = 56;
    private const int OutcomeShift = 60;
    private const ulong VersionMask = (1UL << EventCountShift) - 1;
}
