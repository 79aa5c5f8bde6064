using System.Collections;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>A command result's open task ids: read-only, one object for up to four ids (a case rarely has more open at
/// once), where a <see cref="System.Collections.ObjectModel.ReadOnlyCollection{T}"/> needs two (itself and its array).
/// The idempotency table keeps one per distinct list, so every object saved stays saved for the store's lifetime.</summary>
internal sealed class TaskIdList : IReadOnlyList<string>
{
    private const int Inline = 4;

    /// <summary>No open tasks.</summary>
    public static readonly TaskIdList Empty = new([]);

    private readonly string? _a;
    private readonly string? _b;
    private readonly string? _c;
    private readonly string? _d;
    // Every id when there are more than Inline.
    private readonly string[]? _all;

    private TaskIdList(ReadOnlySpan<string> ids)
    {
        Count = ids.Length;
        if (ids.Length > Inline)
        {
            _all = ids.ToArray();
            return;
        }
        if (ids.Length > 0) _a = ids[0];
        if (ids.Length > 1) _b = ids[1];
        if (ids.Length > 2) _c = ids[2];
        if (ids.Length > 3) _d = ids[3];
    }

    /// <summary>The ids of <paramref name="tasks"/>, in order.</summary>
    public static TaskIdList Of(List<TaskState> tasks)
    {
        if (tasks.Count == 0) return Empty;
        if (tasks.Count > Inline)
        {
            var ids = new string[tasks.Count];
            for (var k = 0; k < ids.Length; k++) ids[k] = tasks[k].Id;
            return new TaskIdList(ids);
        }
        return tasks.Count switch
        {
            1 => new TaskIdList([tasks[0].Id]),
            2 => new TaskIdList([tasks[0].Id, tasks[1].Id]),
            3 => new TaskIdList([tasks[0].Id, tasks[1].Id, tasks[2].Id]),
            _ => new TaskIdList([tasks[0].Id, tasks[1].Id, tasks[2].Id, tasks[3].Id]),
        };
    }

    /// <inheritdoc />
    public int Count { get; }

    /// <inheritdoc />
    public string this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            if (_all is not null) return _all[index];
            return index switch
            {
                0 => _a!,
                1 => _b!,
                2 => _c!,
                _ => _d!,
            };
        }
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var k = 0; k < Count; k++) yield return this[k];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
