using Microsoft.Extensions.DependencyInjection;
using OneStop.Engine;

namespace OneStop;

/// <summary>Supervision settings on <see cref="OneStopBuilder"/>: configuration (<c>supervision.yaml</c>) and sinks.</summary>
public static class OneStopSupervisionBuilderExtensions
{
    /// <summary>Changes the supervision options (validated, and the configuration loaded, when <c>AddOneStop</c> completes).</summary>
    public static OneStopBuilder ConfigureSupervision(this OneStopBuilder builder, Action<SupervisionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(OptionsOf(builder.Services));
        return builder;
    }

    /// <summary>Adds a supervision sink (several may be added; each gets every alert message).</summary>
    public static OneStopBuilder AddSupervisionSink<T>(this OneStopBuilder builder) where T : class, ISupervisionSink
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<ISupervisionSink, T>();
        return builder;
    }

    /// <summary>Adds a supervision sink instance.</summary>
    public static OneStopBuilder AddSupervisionSink(this OneStopBuilder builder, ISupervisionSink sink)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(sink);
        builder.Services.AddSingleton(sink);
        return builder;
    }

    internal static SupervisionOptions OptionsOf(IServiceCollection services)
    {
        foreach (var d in services)
        {
            if (d.ServiceType == typeof(SupervisionOptions) && d.ImplementationInstance is SupervisionOptions existing) return existing;
        }
        var options = new SupervisionOptions();
        services.AddSingleton(options);
        return options;
    }
}
