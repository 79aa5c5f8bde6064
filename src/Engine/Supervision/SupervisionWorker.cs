using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace OneStop.Engine.Supervision;

/// <summary>Hosted worker: every <c>OverdueCheckInterval</c> (on the engine's <see cref="TimeProvider"/>) raises the
/// 督办-overdue alerts. A failed pass is logged and retried at the next interval.</summary>
internal sealed partial class SupervisionWorker(IAlertService alerts, TimeProvider time, TimeSpan interval, ILogger? logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await alerts.RaiseOverdueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                if (logger is not null) LogFailed(logger, ex);
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 600, Level = LogLevel.Error, Message = "The supervision overdue check failed; it runs again at the next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
