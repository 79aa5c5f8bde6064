using OneStop.Engine.Flow;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

internal sealed partial class CaseEngine
{
    /// <summary>Actor of commands the engine issues itself (deadline firings).</summary>
    internal const string SystemActor = "system";

    /// <summary>Runs a system command (no authorisation): the idempotency key is derived from the loaded case by
    /// <paramref name="keyOf"/> (null: nothing to do), the handler raises events, and the result commits like any
    /// command. Retries a few times on a concurrent change. Returns whether it committed and the case's new earliest
    /// due instant (or its stored one when nothing was committed).</summary>
    internal async Task<(bool Committed, DateTimeOffset? EarliestDue)> ExecuteSystemAsync(string caseNumber,
        Func<CaseSnapshot, string?> keyOf, Action<CommandContext> handle, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (snapshot, plan, head) = await LoadAsync(caseNumber, cancellationToken, forUpdate: true).ConfigureAwait(false);
            if (keyOf(snapshot) is not { } key) return Unchanged(snapshot);
            // Committed already (by this node before a crash, or by another node): never twice.
            if (await _store.GetCommandAsync(key, cancellationToken).ConfigureAwait(false) is not null) return Unchanged(snapshot);
            var ctx = new CommandContext(snapshot, plan, _time.GetUtcNow(), SystemActor, key, _time.LocalTimeZone, head);
            handle(ctx);
            if (ctx.Events.Count == 0) return Unchanged(snapshot);
            try
            {
                // The action only matters to logging (Submit is special there); system work is logged as a decision-side action.
                var result = await CommitAsync(ctx, CaseAction.Decide, null, cancellationToken).ConfigureAwait(false);
                // Another node committed the same key between our check and our commit: it fired, not us.
                return (!result.Repeated, ctx.EarliestDue);
            }
            catch (ConcurrencyException) when (attempt < 4)
            {
                // Someone changed the case meanwhile: reload and look again.
            }
        }
    }

    /// <summary>Hands an untouched snapshot back to the cache.</summary>
    private (bool, DateTimeOffset?) Unchanged(CaseSnapshot snapshot)
    {
        _cache.Put(snapshot);
        return (false, null);
    }
}
