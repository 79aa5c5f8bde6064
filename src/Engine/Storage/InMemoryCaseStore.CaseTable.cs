using System.Diagnostics.CodeAnalysis;

namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    /// <summary>The case entries by case number, in sixteen dictionaries chosen by the number's last character (a
    /// sequence's digit, for the default numbers), so that a store of up to ≈ 35,000 cases keeps each dictionary's
    /// entry array under the large-object threshold: one dictionary's array reached it at ≈ 3,500 cases, and every
    /// large-object allocation counts toward the budget that starts a gen2 collection (a store of 10,000 cases
    /// allocated ≈ 0.6 MB there). <see cref="Keys"/> and <see cref="Values"/> come in no order (as a dictionary's).</summary>
    private sealed class CaseTable
    {
        private const int Shards = 16;
        private readonly Dictionary<string, CaseEntry>[] _shards = new Dictionary<string, CaseEntry>[Shards];

        public CaseTable()
        {
            for (var i = 0; i < Shards; i++) _shards[i] = new Dictionary<string, CaseEntry>(StringComparer.Ordinal);
        }

        private Dictionary<string, CaseEntry> ShardOf(ReadOnlySpan<char> caseNumber) =>
            _shards[caseNumber.IsEmpty ? 0 : caseNumber[^1] & (Shards - 1)];

        public bool TryGetValue(string caseNumber, [MaybeNullWhen(false)] out CaseEntry entry) => ShardOf(caseNumber).TryGetValue(caseNumber, out entry);

        public bool TryGetValue(ReadOnlySpan<char> caseNumber, [MaybeNullWhen(false)] out CaseEntry entry) =>
            ShardOf(caseNumber).GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(caseNumber, out entry);

        public void Add(string caseNumber, CaseEntry entry) => ShardOf(caseNumber).Add(caseNumber, entry);

        public CaseEntry this[string caseNumber] => ShardOf(caseNumber)[caseNumber];

        public IEnumerable<CaseEntry> Values => _shards.SelectMany(s => s.Values);

        public IEnumerable<string> Keys => _shards.SelectMany(s => s.Keys);
    }
}
