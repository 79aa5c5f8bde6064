namespace OneStop.Engine;

/// <summary>A working calendar could not be built: a malformed or inconsistent calendar file, bad
/// <see cref="CalendarOptions"/>, or a time zone missing from the tz database. Thrown at start-up by
/// <see cref="WorkingCalendar.Load"/>; no part of a failing load is applied.</summary>
public sealed class CalendarException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, without the position.</param>
    /// <param name="file">The file at fault, or null when the problem is not in a file.</param>
    /// <param name="line">1-based line in <paramref name="file"/>, or null when unknown.</param>
    /// <param name="column">1-based column (in characters) in <paramref name="file"/>, or null when unknown.</param>
    /// <param name="inner">The underlying exception, if any.</param>
    public CalendarException(string reason, string? file = null, int? line = null, int? column = null, Exception? inner = null)
        : base(Format(reason, file, line, column), inner)
    {
        Reason = reason;
        File = file;
        Line = line;
        Column = column;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The file at fault, or null when the problem is not in a file.</summary>
    public string? File { get; }

    /// <summary>1-based line in <see cref="File"/>, or null when unknown.</summary>
    public int? Line { get; }

    /// <summary>1-based column in <see cref="File"/>, counted in characters, or null when unknown.</summary>
    public int? Column { get; }

    private static string Format(string reason, string? file, int? line, int? column)
    {
        if (file is null) return reason;
        var where = line is null ? file : column is null ? $"{file}:{line}" : $"{file}:{line}:{column}";
        return $"{where}: {reason}";
    }
}
