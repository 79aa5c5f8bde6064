using OneStop.Cli.Simulation;
using OneStop.Engine;

namespace OneStop.Cli.Tests.Simulation;

public sealed class OutboxMarksTests
{
    [Fact]
    public async Task Add_WhileAWriteRuns_NextWriteTakesEverythingAddedMeanwhile()
    {
        var writes = new List<string[]>();
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var marks = new OutboxMarks(async ids =>
        {
            int n;
            lock (writes)
            {
                writes.Add([.. ids]);
                n = writes.Count;
            }
            if (n == 1)
            {
                started.TrySetResult();
                await first.Task;
            }
        });

        marks.Add(["a", "b"]);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        marks.Add(["c"]);
        marks.Add(["d", "e"]);
        var flush = marks.FlushAsync();
        Assert.False(flush.IsCompleted, "the flush returned while the first write was held");
        first.SetResult();
        await flush.WaitAsync(TimeSpan.FromSeconds(30));

        // One write at a time: the ids added during the first went into exactly one more, each id once.
        Assert.Equal(2, writes.Count);
        Assert.Equal(["a", "b"], writes[0]);
        Assert.Equal(["c", "d", "e"], writes[1]);
        Assert.Equal(5, marks.Marked);
        Assert.Equal(2, marks.Writes);
    }

    [Fact]
    public async Task FlushAsync_AfterAFailedWrite_Throws()
    {
        var marks = new OutboxMarks(_ => Task.FromException(new InvalidOperationException("disk gone")));

        marks.Add(["a"]);

        var ex = await Assert.ThrowsAsync<StoreException>(() => marks.FlushAsync());
        Assert.IsType<InvalidOperationException>(ex.InnerException);
    }

    [Fact]
    public async Task FlushAsync_NothingAdded_ReturnsWithoutWriting()
    {
        var writes = 0;
        var marks = new OutboxMarks(_ =>
        {
            writes++;
            return Task.CompletedTask;
        });

        marks.Add([]);
        await marks.FlushAsync();

        Assert.Equal(0, writes);
    }
}
