using System.Collections;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>A command result's open task ids: read-only, one object of exactly the ids' size for up to four ids (a case
/// rarely has more open at once), where a <see cref="System.Collections.ObjectModel.ReadOnlyCollection{T}"/> needs two
/// (itself and its array). The idempotency table keeps one per distinct list, so every byte saved stays saved for the
/// store's lifetime: a list of one id is 24 bytes, of four 48.</summary>
internal abstract class TaskIdList : IReadOnlyList<string>
{
    private const int Inline = 4;

    /// <summary>No open tasks.</summary>
    public static readonly TaskIdList Empty = new Many([]);

    /// <summary>A list of the one id <paramref name="id"/>.</summary>
    public static TaskIdList Of(string id) => new One(id);

    /// <summary>A list of the two ids <paramref name="a"/>, <paramref name="b"/>.</summary>
    public static TaskIdList Of(string a, string b) => new Two(a, b);

    /// <summary>A list of the three ids <paramref name="a"/>, <paramref name="b"/>, <paramref name="c"/>.</summary>
    public static TaskIdList Of(string a, string b, string c) => new Three(a, b, c);

    /// <summary>A list of the four ids <paramref name="a"/> … <paramref name="d"/>.</summary>
    public static TaskIdList Of(string a, string b, string c, string d) => new Four(a, b, c, d);

    /// <summary>The ids of <paramref name="tasks"/>, in order.</summary>
    public static TaskIdList Of(List<TaskState> tasks) => tasks.Count switch
    {
        0 => Empty,
        1 => new One(tasks[0].Id),
        2 => new Two(tasks[0].Id, tasks[1].Id),
        3 => new Three(tasks[0].Id, tasks[1].Id, tasks[2].Id),
        Inline => new Four(tasks[0].Id, tasks[1].Id, tasks[2].Id, tasks[3].Id),
        _ => new Many([.. tasks.Select(t => t.Id)]),
    };

    /// <inheritdoc />
    public abstract int Count { get; }

    /// <inheritdoc />
    public string this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index));
            return At(index);
        }
    }

    /// <summary>The id at <paramref name="index"/> (in range).</summary>
    protected abstract string At(int index);

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var k = 0; k < Count; k++) yield return At(k);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class One(string a) : TaskIdList
    {
        public override int Count => 1;
        protected override string At(int index) => a;
    }

    private sealed class Two(string a, string b) : TaskIdList
    {
        public override int Count => 2;
        protected override string At(int index) => index == 0 ? a : b;
    }

    private sealed class Three(string a, string b, string c) : TaskIdList
    {
        public override int Count => 3;
        protected override string At(int index) => index switch { 0 => a, 1 => b, _ => c };
    }

    private sealed class Four(string a, string b, string c, string d) : TaskIdList
    {
        public override int Count => Inline;
        protected override string At(int index) => index switch { 0 => a, 1 => b, 2 => c, _ => d };
    }

    private sealed class Many(string[] ids) : TaskIdList
    {
        public override int Count => ids.Length;
        protected override string At(int index) => ids[index];
    }
}
