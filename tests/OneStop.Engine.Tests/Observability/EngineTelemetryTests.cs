using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Observability;

/// <summary>The engine's metrics reach a listener (they are skipped only while nobody listens).</summary>
public class EngineTelemetryTests
{
    [Fact]
    public async Task Commands_WithAListener_RecordCountsLatencyFailuresAndOpenTasks()
    {
        using var telemetry = new EngineTelemetry();
        var clock = new FakeTimeProvider(SomeItems.Start, TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST"));
        var store = new InMemoryCaseStore();
        using var engine = new CaseEngine(store, SomeItems.Standard(), clock, new Hooks.AllowAllAuthorizer(), new Hooks.DefaultCaseNumberGenerator(store, clock),
            [], [], [], NullLogger.Instance, telemetry, new OneStopOptions());
        var totals = new Dictionary<string, double>();
        var counts = new Dictionary<string, int>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter == telemetry.Commands.Meter) l.EnableMeasurementEvents(instrument);
            },
        };
        void Add(Instrument instrument, double value)
        {
            totals[instrument.Name] = totals.GetValueOrDefault(instrument.Name) + value;
            counts[instrument.Name] = counts.GetValueOrDefault(instrument.Name) + 1;
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument, value));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => Add(instrument, value));
        listener.Start();

        var n = (await engine.SubmitAsync(new SubmitCase(SomeItems.JointCode, "张三", "applicant", "t1") { Materials = ["report"] })).CaseNumber;
        var accepted = await engine.ExecuteAsync(new Accept(n, "window", "t2"));
        await Assert.ThrowsAsync<IllegalActionException>(() => engine.ExecuteAsync(new Accept(n, "window", "t3")).AsTask());

        Assert.Equal(2, totals["onestop.commands"]);
        Assert.Equal(1, totals["onestop.command.failures"]);
        Assert.Equal(3, counts["onestop.command.duration"]);
        Assert.Equal(accepted.OpenTaskIds.Count, totals["onestop.tasks.open"]);
        Assert.True(accepted.OpenTaskIds.Count > 0);
    }
}
