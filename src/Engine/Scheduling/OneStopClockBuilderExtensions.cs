using Microsoft.Extensions.DependencyInjection;
using OneStop.Engine;

namespace OneStop;

/// <summary>Clock, calendar and deadline settings for <c>services.AddOneStop(b => …)</c>. Clocks are always on; these
/// change how they count and who hears about deadlines.</summary>
public static class OneStopClockBuilderExtensions
{
    /// <summary>Changes the clock options (default warnings, calendar, scheduler batch size); validated when registration completes.</summary>
    public static OneStopBuilder ConfigureClocks(this OneStopBuilder builder, Action<ClockOptions> configure) =>
        BuilderRegistration.Configure(builder, configure);

    /// <summary>Uses an already built working calendar instead of loading one from <see cref="ClockOptions.Calendar"/>.</summary>
    public static OneStopBuilder UseCalendar(this OneStopBuilder builder, WorkingCalendar calendar) =>
        BuilderRegistration.Add(builder, calendar);

    /// <summary>Adds a deadline handler (several may be added; each gets every deadline event, at least once).</summary>
    public static OneStopBuilder AddDeadlineHandler<T>(this OneStopBuilder builder) where T : class, IDeadlineHandler =>
        BuilderRegistration.Add<IDeadlineHandler, T>(builder);

    /// <summary>Adds a deadline handler instance.</summary>
    public static OneStopBuilder AddDeadlineHandler(this OneStopBuilder builder, IDeadlineHandler handler) =>
        BuilderRegistration.Add(builder, handler);

    /// <summary>Whether a hosted worker fires deadlines continuously (default true). Without it, call
    /// <see cref="IDeadlineScheduler.RunDueAsync"/> yourself.</summary>
    public static OneStopBuilder UseDeadlineWorker(this OneStopBuilder builder, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(builder);
        BuilderRegistration.OptionsOf<ClockOptions>(builder.Services);
        builder.Services.AddSingleton(new Engine.Scheduling.DeadlineWorkerSwitch(enabled));
        return builder;
    }
}
