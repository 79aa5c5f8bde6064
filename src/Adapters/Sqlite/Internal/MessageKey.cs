using System.Diagnostics.CodeAnalysis;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The compact key of an outbox message id of the engine's shape, <c>&lt;case number&gt;:&lt;n&gt;:&lt;k&gt;</c>
/// (the case, the first event sequence of the commit, the message's position in it). Schema 7 keeps such an id unique
/// through <c>outbox.message_key</c> = the rowid of event (case, n) × 65,536 + k instead of through the id's text:
/// event rowids grow in commit order, so each group commit appends its keys at the right edge of <c>ux_outbox_key</c>
/// (a leaf or two) where the ~35-byte text ids landed in a different leaf per case. The mapping is one to one: only the
/// canonical spelling parses (decimal digits without a sign or leading zero), (case, n) names one event and k is below
/// 65,536; any other id is kept unique by its text (<c>ux_outbox_message</c>, a partial index of the rows without a key).</summary>
internal static class MessageKey
{
    /// <summary>Positions at or above this are not given a compact key.</summary>
    public const long PositionLimit = 65_536;

    /// <summary>Splits <paramref name="messageId"/> into its case number, first sequence and position when it has the
    /// engine's shape in its canonical spelling.</summary>
    public static bool TryParse(string messageId, [NotNullWhen(true)] out string? caseNumber, out long sequence, out long position)
    {
        caseNumber = TryParsePrefix(messageId, out var caseLength, out sequence, out position) ? messageId[..caseLength] : null;
        return caseNumber is not null;
    }

    /// <summary>As <see cref="TryParse(string, out string?, out long, out long)"/>, giving the case number as the length of
    /// the id's prefix that spells it (no string is made).</summary>
    public static bool TryParsePrefix(string messageId, out int caseLength, out long sequence, out long position)
    {
        caseLength = 0;
        sequence = position = 0;
        var last = messageId.LastIndexOf(':');
        if (last <= 0) return false;
        var middle = messageId.LastIndexOf(':', last - 1);
        if (middle <= 0) return false;
        if (!TryNumber(messageId.AsSpan(middle + 1, last - middle - 1), out sequence)) return false;
        if (!TryNumber(messageId.AsSpan(last + 1), out position) || position >= PositionLimit) return false;
        caseLength = middle;
        return true;
    }

    /// <summary>The key of position <paramref name="position"/> under the event whose rowid is <paramref name="eventId"/>.</summary>
    public static long Of(long eventId, long position) => eventId * PositionLimit + position;

    // Canonical non-negative decimal only, so that two different ids never parse to the same numbers.
    private static bool TryNumber(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 15 || (text[0] == '0' && text.Length > 1)) return false;
        foreach (var ch in text)
        {
            if (ch < '0' || ch > '9') return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }
}
