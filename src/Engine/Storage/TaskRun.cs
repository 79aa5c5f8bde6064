using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Storage;

/// <summary>What the in-memory store keeps for a task id the engine wrote (<c>case/n</c>), or for a list of up to four
/// such ids with consecutive numbers, instead of the strings: a shared object naming the numbers alone (the case number
/// comes from whoever keeps it), one per run for every case and every store. Once a case closes, its task ids were kept
/// only by its approvals, its task notices and its commands' results; kept as strings, they were a quarter of the
/// objects the store keeps per closed case, each marked and promoted by every collection. The ids are rebuilt equal
/// when read.</summary>
/// <remarks>Runs start below <see cref="MaxFirst"/> and hold up to four numbers (a result's inline list, see
/// <see cref="TaskIdList"/>); anything else is kept as given. Immutable and thread-safe: the table is filled on first
/// use, and two threads racing for a slot keep one object.</remarks>
internal sealed class TaskRun
{
    private const int MaxFirst = 1_024;
    private const int MaxCount = 4;
    private static readonly TaskRun?[] Runs = new TaskRun?[MaxFirst * MaxCount];

    private TaskRun(int first, int count)
    {
        First = first;
        Count = count;
    }

    /// <summary>The first task number.</summary>
    public int First { get; }

    /// <summary>How many consecutive numbers.</summary>
    public int Count { get; }

    /// <summary>The run of the one id <paramref name="taskId"/> of case <paramref name="caseNumber"/>, or null when it is
    /// not <c>case/n</c> as the engine writes it (or n is out of the table's range).</summary>
    public static TaskRun? Of(string caseNumber, string taskId) => At(NumberOf(taskId, caseNumber), 1);

    /// <summary>The run of <paramref name="ids"/> (one to four ids of case <paramref name="caseNumber"/> with consecutive
    /// numbers, in order), or null.</summary>
    public static TaskRun? Of(string caseNumber, IReadOnlyList<string> ids)
    {
        var count = ids.Count;
        if (count is < 1 or > MaxCount) return null;
        var first = NumberOf(ids[0], caseNumber);
        if (first < 0) return null;
        for (var k = 1; k < count; k++)
        {
            if (NumberOf(ids[k], caseNumber) != first + k) return null;
        }
        return At(first, count);
    }

    /// <summary>The run of the one task number <paramref name="number"/> (a number some run of one holds: below
    /// <see cref="MaxFirst"/>).</summary>
    public static TaskRun Single(int number) => At(number, 1) ?? throw new ArgumentOutOfRangeException(nameof(number));

    /// <summary>The id at <paramref name="index"/> of the run, for case <paramref name="caseNumber"/>.</summary>
    public string IdAt(string caseNumber, int index) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{caseNumber}/{First + index}");

    /// <summary>The run's ids for case <paramref name="caseNumber"/>, as the engine's result list.</summary>
    public TaskIdList ToList(string caseNumber) => Count switch
    {
        1 => TaskIdList.Of(IdAt(caseNumber, 0)),
        2 => TaskIdList.Of(IdAt(caseNumber, 0), IdAt(caseNumber, 1)),
        3 => TaskIdList.Of(IdAt(caseNumber, 0), IdAt(caseNumber, 1), IdAt(caseNumber, 2)),
        _ => TaskIdList.Of(IdAt(caseNumber, 0), IdAt(caseNumber, 1), IdAt(caseNumber, 2), IdAt(caseNumber, 3)),
    };

    /// <summary>n for a task id <c>case/n</c> (n a plain decimal below 2^31, as the engine writes it), else −1.</summary>
    public static long NumberOf(string taskId, string caseNumber)
    {
        var digits = taskId.Length - caseNumber.Length - 1;
        if (digits is < 1 or > 10 || taskId[caseNumber.Length] != '/' || !taskId.StartsWith(caseNumber, StringComparison.Ordinal)) return -1;
        var rest = taskId.AsSpan(caseNumber.Length + 1);
        if (rest[0] == '0' && rest.Length > 1) return -1;
        long n = 0;
        foreach (var c in rest)
        {
            if (c is < '0' or > '9') return -1;
            n = n * 10 + (c - '0');
        }
        return n <= int.MaxValue ? n : -1;
    }

    private static TaskRun? At(long first, int count)
    {
        if ((ulong)first >= MaxFirst) return null;
        ref var slot = ref Runs[((count - 1) * MaxFirst) + (int)first];
        return slot ?? Interlocked.CompareExchange(ref slot, new TaskRun((int)first, count), null) ?? slot;
    }
}
