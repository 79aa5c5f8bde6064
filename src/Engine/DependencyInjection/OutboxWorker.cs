using Microsoft.Extensions.Hosting;
using OneStop.Engine.Pipeline;

namespace OneStop;

/// <summary>Hosted worker that delivers the outbox continuously (woken at once after commits that wrote rows).</summary>
internal sealed class OutboxWorker(CaseEngine engine) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => engine.Dispatcher.RunAsync(stoppingToken);
}
