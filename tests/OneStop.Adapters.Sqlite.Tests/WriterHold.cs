namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Occupies a store's writer until the returned gate is opened, so that later requests queue up into one group.</summary>
internal static class WriterHold
{
    public static async Task<(TaskCompletionSource Gate, Task Held)> HoldAsync(SqliteCaseStore store)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = store.Writer.EnqueueAsync(_ =>
        {
            started.SetResult();
            gate.Task.Wait();
            return null;
        }, CancellationToken.None);
        await started.Task;
        return (gate, held);
    }
}
