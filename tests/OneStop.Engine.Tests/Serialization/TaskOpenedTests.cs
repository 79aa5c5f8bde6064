using System.Text.Json;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>A task-opened event keeps its role and department in its seat's shared part: it must compare, hash and
/// serialize exactly as the positional record did, and a copy never changes the shared part.</summary>
public sealed class TaskOpenedTests
{
    [Fact]
    public void SharedSeat_EqualsThePositionalOne_WithTheSameBytes_AndRoundTrips()
    {
        var seat = new SeatColumns("review", "clerk", "市政务服务中心");
        var shared = new TaskOpened("C-1/1", 1, 0, seat, null, ["李四"]);
        var plain = new TaskOpened("C-1/1", 1, 0, "clerk", "市政务服务中心", null, shared.Then);

        Assert.Equal(plain, shared);
        Assert.Equal(plain.GetHashCode(), shared.GetHashCode());
        Assert.Equal(JsonBytes.SerializeEvent(plain), JsonBytes.SerializeEvent(shared));
        Assert.Equal("""{"type":"task.opened.v1","taskId":"C-1/1","node":1,"seat":0,"role":"clerk","department":"市政务服务中心","then":["李四"]}""",
            System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeEvent(shared)));
        var back = (TaskOpened)JsonSerializer.Deserialize(JsonBytes.SerializeEvent(shared), EngineJsonContext.Default.CaseEvent)!;
        Assert.Equal(("clerk", "市政务服务中心", 1, 0), (back.Role, back.Department, back.Node, back.Seat));

        var copy = shared with { Role = "other" };
        Assert.Equal(("other", "市政务服务中心"), (copy.Role, copy.Department));
        Assert.Equal(("clerk", "clerk"), (shared.Role, seat.Role));
        Assert.NotEqual(shared, copy);
    }
}
