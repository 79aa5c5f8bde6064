using System.Text.Json;
using OneStop.Definitions;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Serialization;

public class TimeAmountJsonConverterTests
{
    private static TimeAmount Read(string json) => JsonSerializer.Deserialize(json, EngineJsonContext.Default.TimeAmount);

    [Fact]
    public void EveryUnit_RoundTrips()
    {
        foreach (var unit in Enum.GetValues<TimeUnit>())
        {
            var amount = new TimeAmount(37, unit);
            Assert.Equal(amount, Read(JsonSerializer.Serialize(amount, EngineJsonContext.Default.TimeAmount)));
        }
    }

    [Fact]
    public void Members_InAnyOrder_UnknownOnesSkipped()
    {
        Assert.Equal(new TimeAmount(4, TimeUnit.Workhours), Read("""{"unit":"Workhours","note":{"x":[1,2]},"value":4}"""));
        Assert.Equal(new TimeAmount(3, (TimeUnit)17), Read("""{"value":3,"unit":17}"""));
        Assert.Equal("""{"value":3,"unit":17}""", JsonSerializer.Serialize(new TimeAmount(3, (TimeUnit)17), EngineJsonContext.Default.TimeAmount));
    }

    [Theory]
    [InlineData("""{"value":4}""")]
    [InlineData("""{"unit":"Days"}""")]
    [InlineData("""{"value":4,"unit":"fortnights"}""")]
    [InlineData("""{"value":4,"unit":"workdays"}""")]
    [InlineData("[4,\"Days\"]")]
    public void Malformed_IsRefused(string json) => Assert.Throws<JsonException>(() => Read(json));
}
