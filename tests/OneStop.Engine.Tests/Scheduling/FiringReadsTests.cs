using System.Reflection;
using System.Runtime.ExceptionServices;
using OneStop.Definitions;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Clocks;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Scheduling;

public sealed class FiringReadsTests
{
    [Fact]
    public async Task FireDue_PendingThresholds_ReadNoIdempotencyEntryAndFireOnce()
    {
        var store = CountingStore.Over(new InMemoryCaseStore());
        using var host = new ClockHost(ClockItems.All(), store);
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;
        host.Clock.SetUtcNow(due);
        var counter = (CountingStore)(object)store;
        counter.CommandReads = 0;

        var fired = await host.Scheduler.FireDueAsync(number, due, CancellationToken.None);

        // The case's own thresholds say what is not yet fired: no store read of the firing's key.
        Assert.True(fired > 0, "nothing fired");
        Assert.Equal(0, counter.CommandReads);
        await host.Engine.ProcessOutboxAsync();
        var delivered = host.Handler.Received.Count;
        Assert.Equal(fired, delivered);
        // A repeat finds everything fired and changes nothing, in this process and after a restart.
        var version = (await host.Engine.GetCaseAsync(number))!.Version;
        Assert.Equal(0, await host.Scheduler.FireDueAsync(number, due, CancellationToken.None));
        using var second = host.Restart();
        Assert.Equal(0, await second.Scheduler.FireDueAsync(number, due, CancellationToken.None));
        await second.Engine.ProcessOutboxAsync();
        Assert.Equal(version, (await host.Engine.GetCaseAsync(number))!.Version);
        Assert.Equal(delivered, host.Handler.Received.Count);
        Assert.Empty(second.Handler.Received);
    }

    /// <summary>A store that counts reads of idempotency entries and forwards everything.</summary>
    public class CountingStore : DispatchProxy
    {
        private ICaseStore _inner = null!;

        public int CommandReads { get; set; }

        public static ICaseStore Over(ICaseStore inner)
        {
            var proxy = Create<ICaseStore, CountingStore>();
            ((CountingStore)(object)proxy)._inner = inner;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
            if (targetMethod.Name == nameof(ICaseStore.GetCommandAsync)) CommandReads++;
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is { } inner)
            {
                ExceptionDispatchInfo.Throw(inner);
                throw;
            }
        }
    }
}
