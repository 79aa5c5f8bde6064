using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Statistics;

/// <summary>Registers statistics, evaluations and verification with <c>AddOneStop</c>. Runs after the clocks'
/// registration so that their calendar (built from the host's calendar options) is the one used here.</summary>
internal static class StatisticsRegistration
{
    public static void Register(IServiceCollection services)
    {
        services.TryAddSingleton(sp => WorkingCalendar.CreateDefault(sp.GetService<ILoggerFactory>()?.CreateLogger("OneStop.Calendar")));
        services.TryAddSingleton(new EvaluationOptions());
        services.AddSingleton<ICaseExtension>(sp => new StatisticsExtension(sp.GetRequiredService<WorkingCalendar>(), sp.GetRequiredService<EvaluationOptions>()));
        services.TryAddSingleton<ICaseReports>(sp => sp.GetRequiredService<CaseEngine>());
        services.TryAddSingleton<ICaseEvaluations>(sp => sp.GetRequiredService<CaseEngine>());
    }
}
