using System.CommandLine;
using System.Globalization;
using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Cli.Commands;

/// <summary><c>onestop due START AMOUNT [--calendar DIR]</c>: when a limit counted from START falls due.</summary>
internal static class DueCommand
{
    private static readonly string[] StartFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss"];

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        // Arguments are taken loosely and checked by hand so that every usage mistake gets our own message
        // and exit code 2, rather than the parser's generic error.
        var start = new Argument<string[]>("start-and-amount")
        {
            Description = "The start (yyyy-MM-dd or yyyy-MM-ddTHH:mm, local time) and the amount (5workdays, \"3 days\", 4workhours, 12hours).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var calendar = new Option<string?>("--calendar")
        {
            Description = "Directory of calendar overlay files (*.json): extra years or regional days off/on.",
            HelpName = "DIR",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var command = new Command("due", "Print when a time limit counted from a date falls due (statutory working-day rules).")
        {
            start,
            calendar,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(result => Run(
            result.GetValue(start) ?? [],
            result.GetResult(calendar) is not null ? (result.GetValue(calendar) ?? "") : null,
            result.UnmatchedTokens,
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string[] words, string? calendarDir, IReadOnlyList<string> unmatched, TextWriter output, TextWriter error)
    {
        if (unmatched.Count > 0) return Usage(error, $"unexpected argument '{unmatched[0]}'");
        if (calendarDir is { Length: 0 }) return Usage(error, "--calendar needs a directory");
        if (calendarDir is not null && !Directory.Exists(calendarDir)) return Usage(error, $"--calendar: directory '{calendarDir}' does not exist");
        if (words.FirstOrDefault(w => w.StartsWith('-')) is { } option) return Usage(error, $"unknown option '{option}'");
        if (words.Length < 2) return Usage(error, "expected a start date and an amount, e.g. 'onestop due 2025-09-26 5workdays'");
        if (!DateTime.TryParseExact(words[0], StartFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var startLocal))
            return Usage(error, $"'{words[0]}' is not a date (yyyy-MM-dd) or date and time (yyyy-MM-ddTHH:mm)");
        var amountText = string.Join(' ', words.Skip(1));
        if (!TimeAmount.TryParse(amountText, out var amount))
            return Usage(error, $"'{amountText}' is not an amount: use a number and workdays, days, workhours or hours (e.g. 5workdays)");

        WorkingCalendar cal;
        try
        {
            cal = WorkingCalendar.Load(new CalendarOptions { OverlayDirectory = calendarDir });
        }
        catch (CalendarException ex)
        {
            error.WriteLine("onestop due: " + ex.Message);
            return ExitCodes.Errors;
        }

        var startInstant = cal.AtLocal(DateOnly.FromDateTime(startLocal), TimeOnly.FromDateTime(startLocal));
        DueInstant due;
        try
        {
            due = cal.Add(startInstant, amount);
        }
        catch (ArgumentOutOfRangeException)
        {
            return Usage(error, $"'{amountText}' from {words[0]} runs past the end of the calendar");
        }

        var local = cal.ToLocalTime(due.Instant);
        var dateOnly = amount.Unit is TimeUnit.Workdays or TimeUnit.Days;
        output.WriteLine(local.ToString(dateOnly ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
        if (due.IsProvisional)
        {
            var years = Enumerable.Range(startLocal.Year, local.Year - startLocal.Year + 1).Where(y => !cal.Covers(y));
            error.WriteLine($"note: provisional — no holiday data for {string.Join(", ", years)}; counted Monday–Friday "
                + "(暂定：该年度节假日安排未载入，按周一至周五计算). Add the year's notice with --calendar DIR.");
        }

        return ExitCodes.Ok;
    }

    private static int Usage(TextWriter error, string message)
    {
        error.WriteLine("onestop due: " + message);
        error.WriteLine("usage: onestop due START AMOUNT [--calendar DIR]   e.g. onestop due 2025-09-26 5workdays");
        return ExitCodes.Usage;
    }
}
