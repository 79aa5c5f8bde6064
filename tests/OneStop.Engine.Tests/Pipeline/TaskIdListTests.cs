using System.Text.Json;
using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A result's open task ids (one object of their size for up to four) read, enumerate and serialize as the list they name.</summary>
public sealed class TaskIdListTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    public void Of_ListsTheTasksInOrder(int count)
    {
        var tasks = Enumerable.Range(1, count).Select(k => new TaskState { Id = "C-1/" + k }).ToList();
        var ids = TaskIdList.Of(tasks);

        var expected = tasks.Select(t => t.Id).ToArray();
        Assert.Equal(count, ids.Count);
        Assert.Equal(expected, ids);
        for (var k = 0; k < count; k++) Assert.Same(tasks[k].Id, ids[k]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ids[count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ids[-1]);
        Assert.False(((IReadOnlyList<string>)ids) is IList<string>);
        // The idempotency record's bytes are the same as for any other list of the same ids.
        var result = new CommandResult("C-1", 3, CaseState.InProgress, null, 1, ids);
        Assert.Equal(JsonBytes.Serialize(result with { OpenTaskIds = expected }, EngineJsonContext.Default.CommandResult),
            JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult));
        Assert.Equal(expected, JsonSerializer.Deserialize(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), EngineJsonContext.Default.CommandResult)!.OpenTaskIds);
    }
}
