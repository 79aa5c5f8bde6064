using OneStop.Engine.Audit;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>Keeps one finished <see cref="CommandContext"/> (with its event and outbox lists) for the next command
/// of an engine, so the usual command allocates no context. A rented context belongs to its command alone; a command
/// that fails simply does not return it. Thread-safe: two concurrent commands never get the same context.</summary>
internal sealed class CommandContextPool
{
    private CommandContext? _spare;

    /// <summary>A context for a new command: the spare one started over, or a new one.</summary>
    public CommandContext Rent(CaseSnapshot snapshot, FlowPlan plan, DateTimeOffset now, string actor, string commandKey, TimeZoneInfo zone, ChainLink previousHead)
    {
        var ctx = Interlocked.Exchange(ref _spare, null);
        if (ctx is null) return new CommandContext(snapshot, plan, now, actor, commandKey, zone, previousHead);
        ctx.Reset(snapshot, plan, now, actor, commandKey, zone, previousHead);
        return ctx;
    }

    /// <summary>Takes back a context whose command is finished (committed, or ended without events); the caller must
    /// not use it afterwards. Its references to the case are dropped at once.</summary>
    public void Return(CommandContext ctx)
    {
        ctx.Release();
        Volatile.Write(ref _spare, ctx);
    }
}
