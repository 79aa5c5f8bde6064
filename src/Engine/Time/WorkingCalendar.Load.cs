using System.Collections.Frozen;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OneStop.Engine;

public sealed partial class WorkingCalendar
{
    private const string EmbeddedResource = "OneStop.Engine.Time.Data.cn.json";

    private WorkingCalendar(IReadOnlyList<CalendarFile> files, CalendarOptions options, TimeZoneInfo zone, ILogger logger)
    {
        _logger = logger;
        Name = files[0].Name;
        OfficeOpen = options.OfficeOpen;
        OfficeClose = options.OfficeClose;
        _openTicks = options.OfficeOpen.Ticks;
        _closeTicks = options.OfficeClose.Ticks;
        _dayTicks = _closeTicks - _openTicks;
        MinutesPerWorkday = (int)(_dayTicks / TimeSpan.TicksPerMinute);

        // Later files win for the same date: the embedded data first, then overlays in file-name order.
        var status = new Dictionary<int, bool>();
        var covered = new SortedSet<int>();
        foreach (var file in files)
        {
            foreach (var (year, days) in file.Years)
            {
                if (!file.IsRegional) covered.Add(year);
                foreach (var d in days.Off) status[d] = false;
                foreach (var d in days.Work) status[d] = true;
            }
        }

        _coveredYears = covered.ToFrozenSet();
        CoveredYears = [.. covered];
        var years = covered.Concat(status.Keys.Select(d => DateOnly.FromDayNumber(d).Year)).DefaultIfEmpty(2000).ToList();
        var lo = new DateOnly(years.Min(), 1, 1).DayNumber;
        var hi = years.Max() == 9999 ? DateOnly.MaxValue.DayNumber : new DateOnly(years.Max() + 1, 1, 1).DayNumber;
        _days = new DayTable(
            lo,
            hi,
            d => status.TryGetValue(d, out var working) ? working : d % 7 < 5,
            d => _coveredYears.Contains(DateOnly.FromDayNumber(d).Year));

        // The fixed-offset fast path reaches ten years either side of the data, where most counting happens.
        _zone = new ZoneConverter(zone, lo - 3653, hi + 3653);
    }

    /// <summary>The calendar built from the embedded national data (2020–2026) with default options
    /// (09:00–17:00, Asia/Shanghai) and no overlays.</summary>
    /// <param name="logger">Receives provisional-year warnings; null discards them.</param>
    /// <exception cref="CalendarException">The Asia/Shanghai zone is missing from the tz database.</exception>
    public static WorkingCalendar CreateDefault(ILogger? logger = null) => Load(new CalendarOptions(), logger);

    /// <summary>Builds a calendar: the embedded national data, then every <c>*.json</c> file of
    /// <see cref="CalendarOptions.OverlayDirectory"/> in ordinal file-name order. Everything is read and checked
    /// before anything is built, so a bad file leaves nothing half-applied.</summary>
    /// <param name="options">Office hours, time zone and overlay directory.</param>
    /// <param name="logger">Receives the load summary and provisional-year warnings; null discards them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="CalendarException">The options are invalid (every problem listed), the time zone is unknown, the
    /// overlay directory is missing or unreadable, or a file is malformed (with file, line and column).</exception>
    public static WorkingCalendar Load(CalendarOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        logger ??= NullLogger.Instance;
        var zone = Validate(options);
        var files = new List<CalendarFile> { ReadEmbedded() };
        if (options.OverlayDirectory is { } dir) files.AddRange(ReadOverlays(dir));
        var calendar = new WorkingCalendar(files, options, zone, logger);
        if (logger.IsEnabled(LogLevel.Information))
        {
            var years = string.Join(",", calendar.CoveredYears.Select(y => y.ToString(CultureInfo.InvariantCulture)));
            CalendarLog.Loaded(logger, calendar.Name, years, files.Count - 1, calendar.OfficeOpen, calendar.OfficeClose, zone.Id);
        }

        return calendar;
    }

    private static TimeZoneInfo Validate(CalendarOptions options)
    {
        var problems = new List<string>();
        if (options.OfficeClose <= options.OfficeOpen)
            problems.Add($"OfficeClose ({options.OfficeClose:HH\\:mm}) must be after OfficeOpen ({options.OfficeOpen:HH\\:mm})");
        if (options.OfficeOpen.Ticks % TimeSpan.TicksPerMinute != 0 || options.OfficeClose.Ticks % TimeSpan.TicksPerMinute != 0)
            problems.Add("OfficeOpen and OfficeClose must be whole minutes");
        if (options.OverlayDirectory is { } dir && !Directory.Exists(dir))
            problems.Add($"OverlayDirectory '{dir}' does not exist");
        TimeZoneInfo? zone = null;
        if (string.IsNullOrWhiteSpace(options.TimeZoneId))
        {
            problems.Add("TimeZoneId is empty");
        }
        else
        {
            try
            {
                zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZoneId);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                problems.Add($"time zone '{options.TimeZoneId}' is not in the tz database (is the tzdata package installed?): {ex.Message}");
            }
        }

        if (problems.Count > 0) throw new CalendarException("invalid calendar options: " + string.Join("; ", problems));
        return zone!;
    }

    private static CalendarFile ReadEmbedded()
    {
        using var stream = typeof(WorkingCalendar).Assembly.GetManifestResourceStream(EmbeddedResource)
            ?? throw new CalendarException($"embedded calendar resource '{EmbeddedResource}' is missing from the assembly");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return CalendarFileReader.Read(buffer.ToArray(), "embedded:" + EmbeddedResource);
    }

    private static List<CalendarFile> ReadOverlays(string directory)
    {
        string[] paths;
        try
        {
            paths = Directory.GetFiles(directory, "*.json");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CalendarException($"cannot list calendar overlay directory: {ex.Message}", directory, inner: ex);
        }

        Array.Sort(paths, StringComparer.Ordinal);
        var files = new List<CalendarFile>(paths.Length);
        foreach (var path in paths)
        {
            byte[] bytes;
            try
            {
                bytes = File.ReadAllBytes(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CalendarException($"cannot read calendar file: {ex.Message}", path, inner: ex);
            }

            files.Add(CalendarFileReader.Read(bytes, path));
        }

        return files;
    }
}
