using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

public class WorkingTimeTests
{
    [Theory]
    [InlineData(3 * 480 + 120, "剩余 3 个工作日 2 小时")]
    [InlineData(-480, "超时 1 个工作日")]
    [InlineData(-(480 + 75), "超时 1 个工作日 1 小时 15 分钟")]
    [InlineData(45, "剩余 45 分钟")]
    [InlineData(0, "已到期")]
    public void ToRemainingWords_EightHourDay_Words(long minutes, string expected)
    {
        Assert.Equal(expected, WorkingTime.FromMinutes(minutes).ToRemainingWords(480));
    }

    [Fact]
    public void ToWords_UsesGivenOfficeDayLength()
    {
        Assert.Equal("1 个工作日 1 小时", WorkingTime.FromMinutes(480).ToWords(420));
        Assert.Equal("0 分钟", WorkingTime.Zero.ToWords(420));
    }

    [Fact]
    public void ToWords_NonPositiveDay_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingTime.FromMinutes(5).ToWords(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WorkingTime.Zero.ToRemainingWords(0));
    }

    [Fact]
    public void Operators_AddAndCompare()
    {
        var a = WorkingTime.FromMinutes(100);
        var b = WorkingTime.FromMinutes(30);
        Assert.Equal(130, (a + b).Minutes);
        Assert.Equal(-70, (b - a).Minutes);
        Assert.True((b - a).IsNegative);
        Assert.True(b < a);
    }
}
