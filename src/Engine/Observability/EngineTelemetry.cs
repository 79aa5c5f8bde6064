using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace OneStop.Engine.Observability;

/// <summary>The engine's span source and metrics. Names: ActivitySource and Meter <c>OneStop.Engine</c>;
/// instruments <c>onestop.commands</c>, <c>onestop.command.failures</c>, <c>onestop.command.duration</c> (ms)
/// and <c>onestop.tasks.open</c>.</summary>
internal sealed class EngineTelemetry : IDisposable
{
    /// <summary>Source and meter name.</summary>
    public const string Name = "OneStop.Engine";

    private readonly Meter _meter;

    public EngineTelemetry(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(Name) ?? new Meter(Name);
        Commands = _meter.CreateCounter<long>("onestop.commands", description: "Commands committed, by action.");
        Failures = _meter.CreateCounter<long>("onestop.command.failures", description: "Commands refused or failed, by action and error.");
        Duration = _meter.CreateHistogram<double>("onestop.command.duration", unit: "ms", description: "Command latency.");
        OpenTasks = _meter.CreateUpDownCounter<long>("onestop.tasks.open", description: "Open tasks across cases.");
    }

    /// <summary>One span per command.</summary>
    public ActivitySource Source { get; } = new(Name);
    /// <summary>Committed commands.</summary>
    public Counter<long> Commands { get; }
    /// <summary>Refused or failed commands.</summary>
    public Counter<long> Failures { get; }
    /// <summary>Latency in milliseconds.</summary>
    public Histogram<double> Duration { get; }
    /// <summary>Open tasks (delta per commit).</summary>
    public UpDownCounter<long> OpenTasks { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        Source.Dispose();
        _meter.Dispose();
    }
}
