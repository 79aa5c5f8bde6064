using Microsoft.Extensions.Logging;
using OneStop.Engine;

namespace OneStop.Engine.Tests.Time;

/// <summary>Small helpers for calendar tests.</summary>
internal static class Some
{
    public static readonly WorkingCalendar Calendar = WorkingCalendar.CreateDefault();

    /// <summary>A local Shanghai wall-clock instant.</summary>
    public static DateTimeOffset Local(int y, int m, int d, int hour = 0, int minute = 0) =>
        new(y, m, d, hour, minute, 0, TimeSpan.FromHours(8));

    public static DateOnly Date(string iso) => DateOnly.ParseExact(iso, "yyyy-MM-dd");

    /// <summary>The shared holiday-cn source files (../shared/data/holiday-cn from the repository root).</summary>
    public static string HolidaySourceDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "holiday-cn");
            if (Directory.Exists(candidate)) return candidate;
        }

        throw new DirectoryNotFoundException("shared/data/holiday-cn not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh empty directory for overlay files.</summary>
    public static string TempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "onestop-cal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}

/// <summary>Records log entries.</summary>
internal sealed class ListLogger : ILogger
{
    public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries) Entries.Add((logLevel, eventId, formatter(state, exception)));
    }
}
