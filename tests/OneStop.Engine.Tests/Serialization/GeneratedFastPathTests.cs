using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OneStop.Definitions;
using OneStop.Engine.Clocks;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

/// <summary>The stored payloads go through the source-generated fast path of <see cref="EngineJsonContext"/>, and the
/// <see cref="TimeAmount"/> values they hold are still read back whole.</summary>
public class GeneratedFastPathTests
{
    private static IEnumerable<JsonTypeInfo> ContextTypes() =>
        typeof(EngineJsonContext).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => typeof(JsonTypeInfo).IsAssignableFrom(p.PropertyType))
            .Select(p => (JsonTypeInfo)p.GetValue(EngineJsonContext.Default)!);

    [Fact]
    public void ContextOptions_ListNoConverter()
    {
        // A converter in the options makes them incompatible with the generated code: every type would then be
        // written through the metadata-driven converters (session 32: ≈ 9 % of the simulator's pool CPU).
        Assert.Empty(EngineJsonContext.Default.Options.Converters);
    }

    [Fact]
    public void EveryStoredTimeAmount_IsReadAndWrittenByItsConverter()
    {
        // Without the converter a get-only TimeAmount reads back as 0 of the first unit (found in session 31).
        var found = new List<string>();
        foreach (var info in ContextTypes())
        {
            foreach (var property in info.Properties.Where(p => Nullable.GetUnderlyingType(p.PropertyType) == typeof(TimeAmount) || p.PropertyType == typeof(TimeAmount)))
            {
                found.Add($"{info.Type.Name}.{property.Name}");
                Assert.IsType<TimeAmountJsonConverter>(property.CustomConverter);
            }
            Assert.DoesNotContain(info.Properties, p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericArguments().Contains(typeof(TimeAmount)));
        }
        Assert.Equal(["CaseExtended.amount", "ClockExtended.amount", "ClockStarted.limit", "ClockState.limit"], found.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ExtendedEvents_KeepTheirAmountThroughTheStore()
    {
        CaseEvent[] events =
        [
            new CaseExtended("听证", "局长", new TimeAmount(10, TimeUnit.Workdays)),
            new ClockExtended("decision#3", new TimeAmount(15, TimeUnit.Days), 7200, DateTimeOffset.Parse("2025-10-10T17:00:00+08:00"), false, []),
        ];
        foreach (var e in events)
        {
            var back = JsonSerializer.Deserialize(JsonBytes.SerializeEvent(e), EngineJsonContext.Default.CaseEvent)!;
            Assert.Equal(System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeEvent(e)), System.Text.Encoding.UTF8.GetString(JsonBytes.SerializeEvent(back)));
            Assert.Equal(e is CaseExtended x ? x.Amount : ((ClockExtended)e).Amount,
                back is CaseExtended y ? y.Amount : ((ClockExtended)back).Amount);
        }
    }

    [Fact]
    public void CommandResultAndEvent_AllocateOnlyTheirBytes()
    {
        // The generated fast path writes straight to the writer; the metadata path allocates a stack of frames per
        // call for any nested value (here the task list and the form), ≈ 0.5 KB.
        var result = new CommandResult("C-1", 4, CaseState.InProgress, null, 2, ["C-1/1", "C-1/2"]);
        CaseEvent e = new ClocksPaused(["decision#3", "step#5"]);
        for (var i = 0; i < 3; i++) { Measure(); }
        var (resultBytes, resultAllocated, eventBytes, eventAllocated) = Measure();

        Assert.InRange(resultAllocated, resultBytes, resultBytes + 64);
        Assert.InRange(eventAllocated, eventBytes, eventBytes + 64);

        (long, long, long, long) Measure()
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var bytes = JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult);
            var middle = GC.GetAllocatedBytesForCurrentThread();
            var eventBytes = JsonBytes.SerializeEvent(e);
            var after = GC.GetAllocatedBytesForCurrentThread();
            return (bytes.Length, middle - before, eventBytes.Length, after - middle);
        }
    }
}
