using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OneStop.Definitions;
using OneStop.Definitions.Loading;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Engine.Supervision.Configuration;
using OneStop.Engine.Supervision.Rules;

namespace OneStop.Engine.Supervision;

/// <summary>Registers supervision; called by <c>AddOneStop</c> after the clocks (so rules see the clocks' events).</summary>
internal static class SupervisionRegistration
{
    /// <summary>Loads and checks the configuration and every item's overrides, then registers the services.</summary>
    /// <exception cref="OneStopConfigurationException">Invalid options, configuration or item overrides (every problem, with file:line:col).</exception>
    public static void Register(IServiceCollection services, Catalogue catalogue)
    {
        var options = BuilderRegistration.OptionsOf<SupervisionOptions>(services);
        var errors = new List<string>(options.Validate());
        if (errors.Count > 0) throw new OneStopConfigurationException(errors);
        var compiler = Compile(options, catalogue, errors);
        if (errors.Count > 0) throw new OneStopConfigurationException(errors);
        var configuration = compiler.Configuration;

        services.TryAddSingleton(compiler);
        services.TryAddSingleton(sp => new AlertFactory(configuration, Calendar(sp)));
        services.TryAddSingleton(sp => new SupervisionEvaluator(compiler, sp.GetRequiredService<AlertFactory>(), Calendar(sp)));
        services.AddSingleton<ICaseExtension>(sp => new SupervisionExtension(sp.GetRequiredService<SupervisionEvaluator>(), sp.GetRequiredService<ICaseStore>()));
        services.AddSingleton<IOutboxChannelHandler>(sp => new AlertChannelHandler(sp.GetServices<ISupervisionSink>()));
        services.TryAddSingleton<IAlertService>(sp => new AlertService(sp.GetRequiredService<ICaseStore>(), sp.GetRequiredService<AlertFactory>(),
            configuration, sp.GetRequiredService<TimeProvider>()));
        // 督办 due dates are clocks: switching the deadline worker off (tests, batch hosts) switches this one off too.
        var deadlines = services.LastOrDefault(d => d.ServiceType == typeof(Scheduling.DeadlineWorkerSwitch))?.ImplementationInstance as Scheduling.DeadlineWorkerSwitch;
        if (options.Worker && (deadlines?.Enabled ?? true))
        {
            services.AddHostedService(sp => new SupervisionWorker(sp.GetRequiredService<IAlertService>(), sp.GetRequiredService<TimeProvider>(),
                options.OverdueCheckInterval, sp.GetService<ILoggerFactory>()?.CreateLogger("OneStop.Supervision")));
        }
    }

    /// <summary>Reads the configuration and validates every item's overrides against it; problems go to <paramref name="errors"/>.</summary>
    internal static RuleSetCompiler Compile(SupervisionOptions options, Catalogue catalogue, List<string> errors)
    {
        var result = options.ConfigurationFile is { } file
            ? SupervisionConfigReader.ReadFile(file)
            : SupervisionConfigReader.Read(options.ConfigurationText ?? "", options.ConfigurationLabel);
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error) errors.Add(d.ToString());
        }
        var compiler = new RuleSetCompiler(result.Value ?? SupervisionConfiguration.Default);
        var bag = new DiagnosticBag();
        foreach (var item in catalogue.Items) compiler.Validate(item, bag);
        foreach (var d in bag.ToSortedArray()) errors.Add(d.ToString());
        return compiler;
    }

    private static WorkingCalendar Calendar(IServiceProvider sp) => sp.GetService<WorkingCalendar>() ?? WorkingCalendar.CreateDefault();
}
