using System.Globalization;
using OneStop.Definitions;

namespace OneStop.Cli.Rendering;

/// <summary>Time limits in words, as published in a guide: 20 个工作日, 3 个自然日, 4 个工作小时, 12 小时.</summary>
internal static class TimeWords
{
    public static string Of(TimeAmount amount)
    {
        var n = amount.Value.ToString(CultureInfo.InvariantCulture);
        return amount.Unit switch
        {
            TimeUnit.Workdays => $"{n} 个工作日",
            TimeUnit.Days => $"{n} 个自然日",
            TimeUnit.Workhours => $"{n} 个工作小时",
            _ => $"{n} 小时",
        };
    }
}
