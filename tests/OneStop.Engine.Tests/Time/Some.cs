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

    /// <summary>The State Council notices as published in the holiday-cn dataset, kept verbatim beside these tests
    /// (Time/Source) so the embedded resource is checked against the source, not against itself.</summary>
    public static string HolidaySourceDirectory() => Path.Combine(AppContext.BaseDirectory, "Time", "Source");

    /// <summary>A fresh empty directory for overlay files, deleted with its files when disposed (a calendar reads its
    /// overlays once, at load).</summary>
    public static TempDirectory TempDirectory() => new();
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
