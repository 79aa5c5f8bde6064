using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

public class TimeAmountJsonConverterTests
{
    // The converter sits on the stored properties, not in the context's options (which would turn off the generated
    // fast path of every type): exercised here through options that list it.
    private static readonly JsonSerializerOptions Options = new() { Converters = { new TimeAmountJsonConverter() } };

    private static TimeAmount Read(string json) => JsonSerializer.Deserialize<TimeAmount>(json, Options);

    private static string Write(TimeAmount amount) => JsonSerializer.Serialize(amount, Options);

    [Fact]
    public void EveryUnit_RoundTrips()
    {
        foreach (var unit in Enum.GetValues<TimeUnit>())
        {
            var amount = new TimeAmount(37, unit);
            Assert.Equal(amount, Read(Write(amount)));
        }
    }

    [Fact]
    public void Members_InAnyOrder_UnknownOnesSkipped()
    {
        Assert.Equal(new TimeAmount(4, TimeUnit.Workhours), Read("""{"unit":"Workhours","note":{"x":[1,2]},"value":4}"""));
        Assert.Equal(new TimeAmount(3, (TimeUnit)17), Read("""{"value":3,"unit":17}"""));
        Assert.Equal("""{"value":3,"unit":17}""", Write(new TimeAmount(3, (TimeUnit)17)));
    }

    [Theory]
    [InlineData("""{"value":4}""")]
    [InlineData("""{"unit":"Days"}""")]
    [InlineData("""{"value":4,"unit":"fortnights"}""")]
    [InlineData("""{"value":4,"unit":"workdays"}""")]
    [InlineData("[4,\"Days\"]")]
    public void Malformed_IsRefused(string json) => Assert.Throws<JsonException>(() => Read(json));
}
