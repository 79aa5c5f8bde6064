using Microsoft.Extensions.Hosting;
using OneStop.Engine.Pipeline;

namespace OneStop;

/// <summary>Hosted worker that delivers the outbox continuously (woken at once after commits that wrote rows).</summary>
internal sealed class OutboxWorker(CaseEngine engine) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        engine.WorkerAttached = true;
        try
        {
            await engine.Dispatcher.RunAsync(stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            engine.WorkerAttached = false;
        }
    }
}
