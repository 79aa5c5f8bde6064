using OneStop.Engine;

namespace OneStop;

/// <summary>Supervision settings on <see cref="OneStopBuilder"/>: configuration (<c>supervision.yaml</c>) and sinks.</summary>
public static class OneStopSupervisionBuilderExtensions
{
    /// <summary>Changes the supervision options (validated, and the configuration loaded, when <c>AddOneStop</c> completes).</summary>
    public static OneStopBuilder ConfigureSupervision(this OneStopBuilder builder, Action<SupervisionOptions> configure) =>
        BuilderRegistration.Configure(builder, configure);

    /// <summary>Adds a supervision sink (several may be added; each gets every alert message).</summary>
    public static OneStopBuilder AddSupervisionSink<T>(this OneStopBuilder builder) where T : class, ISupervisionSink =>
        BuilderRegistration.Add<ISupervisionSink, T>(builder);

    /// <summary>Adds a supervision sink instance.</summary>
    public static OneStopBuilder AddSupervisionSink(this OneStopBuilder builder, ISupervisionSink sink) =>
        BuilderRegistration.Add(builder, sink);
}
