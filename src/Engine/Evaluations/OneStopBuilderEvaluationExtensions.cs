using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OneStop.Engine;

namespace OneStop;

/// <summary>Configures evaluations (好差评) on a <see cref="OneStopBuilder"/>.</summary>
public static class OneStopBuilderEvaluationExtensions
{
    /// <summary>Sets the rectification limits for bad evaluations (defaults: contact within 1 workday, rectify within 5).</summary>
    /// <exception cref="OneStopConfigurationException">The options are invalid (every problem listed).</exception>
    public static OneStopBuilder ConfigureEvaluations(this OneStopBuilder builder, Action<EvaluationOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new EvaluationOptions();
        configure(options);
        var errors = options.Validate();
        if (errors.Count > 0) throw new OneStopConfigurationException(errors);
        builder.Services.Replace(ServiceDescriptor.Singleton(options));
        return builder;
    }
}
