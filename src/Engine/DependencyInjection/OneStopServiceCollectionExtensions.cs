using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Hooks;
using OneStop.Engine.Observability;
using OneStop.Engine.Outbox;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop;

/// <summary>Registers OneStop in a service collection.</summary>
public static class OneStopServiceCollectionExtensions
{
    /// <summary>Registers the engine (<see cref="ICaseEngine"/>), its store, hooks and the outbox worker.
    /// The catalogue is loaded and the options validated here, once; every problem is reported together.</summary>
    /// <exception cref="OneStopConfigurationException">The configuration is invalid or the catalogue has errors.</exception>
    public static IServiceCollection AddOneStop(this IServiceCollection services, Action<OneStopBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var builder = new OneStopBuilder(services);
        configure(builder);

        var errors = new List<string>(builder.Options.Validate());
        Catalogue? catalogue = null;
        Exception? inner = null;
        if (builder.CatalogueFactory is null) errors.Add("No catalogue: call UseCatalogue(directory) or UseCatalogue(catalogue).");
        else
        {
            try
            {
                catalogue = builder.CatalogueFactory();
            }
            catch (DefinitionException ex)
            {
                inner = ex;
                foreach (var d in ex.Diagnostics) errors.Add(d.ToString());
            }
            catch (IOException ex)
            {
                inner = ex;
                errors.Add("The catalogue could not be read: " + ex.Message);
            }
        }
        if (errors.Count > 0) throw new OneStopConfigurationException(errors, inner);

        var options = builder.Options;
        var storeFactory = builder.StoreFactory ?? (_ => new InMemoryCaseStore());
        services.AddSingleton(catalogue!);
        services.AddSingleton(options);
        services.TryAddSingleton<ICaseStore>(storeFactory);
        services.TryAddSingleton(builder.Time ?? TimeProvider.System);
        services.TryAddSingleton<IActorAuthorizer, AllowAllAuthorizer>();
        services.TryAddSingleton<ICaseNumberGenerator>(sp => new DefaultCaseNumberGenerator(sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new EngineTelemetry(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton(sp => new CaseEngine(
            sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<Catalogue>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IActorAuthorizer>(), sp.GetRequiredService<ICaseNumberGenerator>(),
            sp.GetServices<INotificationSink>(), sp.GetServices<IServiceHandler>(), sp.GetServices<ICaseExtension>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger("OneStop.Engine") ?? NullLogger.Instance,
            sp.GetRequiredService<EngineTelemetry>(), options, sp.GetServices<IOutboxChannelHandler>(),
            sp.GetService<ILogger<OutboxDispatcher>>()));
        services.TryAddSingleton<ICaseEngine>(sp => sp.GetRequiredService<CaseEngine>());
        if (builder.Worker) services.AddHostedService(sp => new OutboxWorker(sp.GetRequiredService<CaseEngine>()));
        Engine.Scheduling.ClockRegistration.Register(services);
        Engine.Supervision.SupervisionRegistration.Register(services, catalogue!);
        // Keep last: it reuses the calendar registered above by the clocks, when there is one.
        Engine.Statistics.StatisticsRegistration.Register(services);
        return services;
    }
}
