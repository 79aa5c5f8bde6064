using Microsoft.Extensions.Hosting;

namespace OneStop.Engine.Scheduling;

/// <summary>Hosted service that runs the deadline scheduler for the lifetime of the host.</summary>
internal sealed class DeadlineWorker(IDeadlineScheduler scheduler) : BackgroundService
{
    /// <inheritdoc />
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => scheduler.RunAsync(stoppingToken);
}
