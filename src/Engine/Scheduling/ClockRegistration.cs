using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Scheduling;

/// <summary>Registers clocks, the calendar, the deadline scheduler, its worker and the deadline channel; called by <c>AddOneStop</c>.</summary>
internal static class ClockRegistration
{
    /// <summary>Validates the clock options and registers the services.</summary>
    /// <exception cref="OneStopConfigurationException">The clock options are invalid.</exception>
    public static void Register(IServiceCollection services)
    {
        var options = BuilderRegistration.OptionsOf<ClockOptions>(services);
        var errors = options.Validate();
        if (errors.Count > 0) throw new OneStopConfigurationException(errors);
        services.TryAddSingleton(sp => WorkingCalendar.Load(options.Calendar, sp.GetService<ILoggerFactory>()?.CreateLogger("OneStop.Calendar")));
        services.TryAddSingleton<DeadlineSignal>();
        services.TryAddSingleton(sp => new ClockPlanner(sp.GetRequiredService<WorkingCalendar>(), options));
        services.TryAddSingleton(sp => new DeadlineFirer(sp.GetRequiredService<ClockPlanner>()));
        services.AddSingleton<ICaseExtension>(sp => new ClockExtension(sp.GetRequiredService<ClockPlanner>(), sp.GetRequiredService<DeadlineSignal>()));
        services.TryAddSingleton(sp => new DeadlineHub(sp.GetServices<IDeadlineHandler>()));
        services.AddSingleton<IOutboxChannelHandler>(sp => sp.GetRequiredService<DeadlineHub>());
        services.TryAddSingleton<IDeadlineScheduler>(sp => new DeadlineScheduler(sp.GetRequiredService<CaseEngine>(), sp.GetRequiredService<DeadlineFirer>(),
            sp.GetRequiredService<DeadlineHub>(), sp.GetRequiredService<DeadlineSignal>(), sp.GetRequiredService<TimeProvider>(), options,
            sp.GetService<ILoggerFactory>()?.CreateLogger("OneStop.Deadlines") ?? NullLogger.Instance));
        var worker = services.LastOrDefault(d => d.ServiceType == typeof(DeadlineWorkerSwitch))?.ImplementationInstance as DeadlineWorkerSwitch;
        if (worker?.Enabled ?? true) services.AddHostedService(sp => new DeadlineWorker(sp.GetRequiredService<IDeadlineScheduler>()));
    }
}
