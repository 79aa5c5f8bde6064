namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    /// <summary>What the idempotency table keeps per key, inline in the table's entry: the columns of a result the engine
    /// built (its record and result are rebuilt when read, so the store keeps no result object per command), or a
    /// record as given.</summary>
    private readonly struct KeptCommand
    {
        // The record as given, or the result's open task ids (shared with the case's later results while unchanged; the
        // id itself for the engine's list of one, so the table keeps no list object for it: rebuilt when read).
        private readonly object _kept;
        private readonly string? _caseNumber;
        private readonly long _version;
        private readonly int _eventCount;
        // The state in the low half, the outcome + 1 (0: none) in the high half.
        private readonly int _stateAndOutcome;

        private KeptCommand(CommandRecord record)
        {
            _kept = record;
            _caseNumber = null;
            _version = 0;
            _eventCount = 0;
            _stateAndOutcome = 0;
        }

        private KeptCommand(CommandResult result)
        {
            _kept = result.OpenTaskIds is Pipeline.TaskIdList { Count: 1 } one ? one[0] : result.OpenTaskIds;
            _caseNumber = result.CaseNumber;
            _version = result.Version;
            _eventCount = result.EventCount;
            _stateAndOutcome = (int)result.State | ((result.Outcome is { } outcome ? (int)outcome + 1 : 0) << 16);
        }

        /// <summary>The entry for the result of the engine's command <paramref name="idempotencyKey"/> (its record is rebuilt
        /// equal, bytes included).</summary>
        public static KeptCommand Of(string idempotencyKey, CommandResult result) =>
            Fits(result) ? new KeptCommand(result) : new KeptCommand(new CommandRecord(idempotencyKey, result));

        /// <summary>The entry for a committed record: its result's columns when the engine built it, else the record itself.</summary>
        public static KeptCommand Of(CommandRecord record) =>
            record.Value is { } result && string.Equals(result.CaseNumber, record.CaseNumber, StringComparison.Ordinal) && Fits(result)
                ? new KeptCommand(result)
                : new KeptCommand(record);

        /// <summary>The record, rebuilt for <paramref name="idempotencyKey"/> from the kept columns when it was the engine's.</summary>
        public CommandRecord ToRecord(string idempotencyKey)
        {
            if (_caseNumber is null) return (CommandRecord)_kept;
            var outcome = _stateAndOutcome >> 16;
            return new CommandRecord(idempotencyKey, new CommandResult(_caseNumber, _version, (CaseState)(_stateAndOutcome & 0xFFFF),
                outcome == 0 ? null : (CaseOutcome)(outcome - 1), _eventCount, _kept as IReadOnlyList<string> ?? Pipeline.TaskIdList.Of((string)_kept)));
        }

        // A result the columns give back exactly (a repeat's flag, or states beyond the packed range, keep the record).
        private static bool Fits(CommandResult result) =>
            !result.Repeated && (uint)result.State <= 0xFFFF && (result.Outcome is not { } o || (uint)o < 0x7FFF);
    }
}
