using Microsoft.Extensions.Logging;

namespace OneStop.Engine;

/// <summary>Log messages of the working calendar.</summary>
internal static partial class CalendarLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Calendar '{Calendar}' has no holiday data for {Year}: counting Monday–Friday, and the result is provisional")]
    public static partial void ProvisionalYear(ILogger logger, string calendar, int year);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information,
        Message = "Calendar '{Calendar}' loaded: years {Years} covered, {Overlays} overlay file(s), office hours {Open}–{Close} {Zone}")]
    public static partial void Loaded(ILogger logger, string calendar, string years, int overlays, TimeOnly open, TimeOnly close, string zone);
}
