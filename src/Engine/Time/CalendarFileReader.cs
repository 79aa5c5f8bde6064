using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OneStop.Engine;

/// <summary>Reads the calendar file format (see docs/calendar.md) with <see cref="Utf8JsonReader"/> so that every
/// error carries the file, line and column of the offending token.</summary>
internal static class CalendarFileReader
{
    /// <summary>Parses one file.</summary>
    /// <exception cref="CalendarException">The file is not valid JSON or not a valid calendar file.</exception>
    public static CalendarFile Read(ReadOnlySpan<byte> utf8, string source)
    {
        if (utf8.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) utf8 = utf8[3..];
        var text = utf8.ToArray();
        var reader = new Utf8JsonReader(text, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            var file = ReadRoot(ref reader, text, source);
            if (reader.Read()) throw Error("unexpected content after the calendar object", reader.TokenStartIndex, text, source);
            return file;
        }
        catch (JsonException ex)
        {
            var line = (int?)ex.LineNumber;
            var column = line is { } l && ex.BytePositionInLine is { } b ? ColumnOf(text, l, b) : (int?)null;
            throw new CalendarException("not valid JSON: " + FirstSentence(ex.Message), source, line + 1, column, ex);
        }
        catch (InvalidOperationException ex)
        {
            // GetString() on a string that is not valid UTF-8.
            var error = Error("text is not valid UTF-8", reader.TokenStartIndex, text, source);
            throw new CalendarException(error.Reason, error.File, error.Line, error.Column, ex);
        }
    }

    private static CalendarFile ReadRoot(ref Utf8JsonReader reader, byte[] text, string source)
    {
        reader.Read();
        Expect(ref reader, JsonTokenType.StartObject, "a calendar file must be a JSON object", text, source);
        string? name = null;
        var regional = false;
        var format = -1;
        Dictionary<int, CalendarYear>? years = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            var keyAt = reader.TokenStartIndex;
            reader.Read();
            switch (key)
            {
                case "format":
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out format) || format != 1)
                        throw Error("\"format\" must be 1", reader.TokenStartIndex, text, source);
                    break;
                case "name":
                    Expect(ref reader, JsonTokenType.String, "\"name\" must be a string", text, source);
                    name = reader.GetString();
                    break;
                case "source":
                    Expect(ref reader, JsonTokenType.String, "\"source\" must be a string", text, source);
                    break;
                case "kind":
                    Expect(ref reader, JsonTokenType.String, "\"kind\" must be \"national\" or \"regional\"", text, source);
                    regional = reader.GetString() switch
                    {
                        "national" => false,
                        "regional" => true,
                        _ => throw Error("\"kind\" must be \"national\" or \"regional\"", reader.TokenStartIndex, text, source),
                    };
                    break;
                case "years":
                    years = ReadYears(ref reader, text, source);
                    break;
                default:
                    throw Error($"unknown property \"{key}\" (expected format, name, kind, source, years)", keyAt, text, source);
            }
        }

        if (format != 1) throw new CalendarException("missing \"format\": 1", source, 1, 1);
        if (years is null) throw new CalendarException("missing \"years\"", source, 1, 1);
        return new CalendarFile(source, name ?? Path.GetFileNameWithoutExtension(source), regional, years);
    }

    private static Dictionary<int, CalendarYear> ReadYears(ref Utf8JsonReader reader, byte[] text, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, "\"years\" must be an object keyed by year", text, source);
        var years = new Dictionary<int, CalendarYear>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var keyAt = reader.TokenStartIndex;
            var key = reader.GetString()!;
            if (key.Length != 4 || !int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var year) || year < 1)
                throw Error($"year key \"{key}\" must be a four-digit year", keyAt, text, source);
            if (years.ContainsKey(year)) throw Error($"year {year} is listed twice", keyAt, text, source);
            reader.Read();
            years[year] = ReadYear(ref reader, year, text, source);
        }

        return years;
    }

    private static CalendarYear ReadYear(ref Utf8JsonReader reader, int year, byte[] text, string source)
    {
        Expect(ref reader, JsonTokenType.StartObject, $"year {year} must be an object with \"off\" and \"work\"", text, source);
        var off = new List<int>();
        var work = new List<int>();
        var seen = new Dictionary<int, bool>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var key = reader.GetString()!;
            var keyAt = reader.TokenStartIndex;
            var isOff = key switch
            {
                "off" => true,
                "work" => false,
                _ => throw Error($"unknown property \"{key}\" in year {year} (expected off, work)", keyAt, text, source),
            };
            reader.Read();
            Expect(ref reader, JsonTokenType.StartArray, $"\"{key}\" must be an array of \"yyyy-MM-dd\" dates", text, source);
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var at = reader.TokenStartIndex;
                if (reader.TokenType != JsonTokenType.String
                    || !DateOnly.TryParseExact(reader.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw Error($"\"{key}\" entries must be dates written yyyy-MM-dd", at, text, source);
                if (date.Year != year) throw Error($"{date:yyyy-MM-dd} is listed under year {year}", at, text, source);
                if (seen.TryGetValue(date.DayNumber, out var was) && was != isOff)
                    throw Error($"{date:yyyy-MM-dd} is listed both as a day off and as a working day", at, text, source);
                seen[date.DayNumber] = isOff;
                (isOff ? off : work).Add(date.DayNumber);
            }
        }

        return new CalendarYear(off, work);
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type, string message, byte[] text, string source)
    {
        if (reader.TokenType != type) throw Error(message, reader.TokenStartIndex, text, source);
    }

    private static CalendarException Error(string message, long byteOffset, byte[] text, string source)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < byteOffset && i < text.Length; i++)
        {
            if (text[i] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        var column = Encoding.UTF8.GetCharCount(text, lineStart, (int)byteOffset - lineStart) + 1;
        return new CalendarException(message, source, line, column);
    }

    /// <summary>Turns a 0-based line and byte position into a 1-based column in characters.</summary>
    private static int ColumnOf(byte[] text, long line, long bytePosition)
    {
        var start = 0;
        for (var l = 0L; l < line && start < text.Length; start++)
        {
            if (text[start] == (byte)'\n') l++;
        }

        var count = (int)Math.Clamp(bytePosition, 0, text.Length - start);
        return Encoding.UTF8.GetCharCount(text, start, count) + 1;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
