using System.Globalization;

namespace OneStop.Engine.Storage;

/// <summary>An outbox message id as the in-memory store indexes it, without the id's string where it can: the engine's
/// ids are <c>case:first:k</c> (the case number, the commit's first event sequence, the row's position), so such an
/// id is kept as the case number the store holds anyway and one number; any other id is kept as its text. Every id
/// has exactly one key (<see cref="Parse"/>), and <see cref="ToString"/> gives the id back character for character.</summary>
internal readonly struct OutboxMessageKey : IEquatable<OutboxMessageKey>
{
    // Bits of the row's position in the packed number (the commit's first sequence takes the rest).
    private const int PositionBits = 16;
    private const long MaxFirst = (1L << (63 - PositionBits)) - 1;

    private OutboxMessageKey(string text, long packed)
    {
        Text = text;
        Packed = packed;
    }

    /// <summary>The id's case number (its text before <c>:first:k</c>), or the whole id when <see cref="Packed"/> is −1.</summary>
    public string Text { get; }

    /// <summary><c>first</c> and <c>k</c> of a <c>case:first:k</c> id in one number, or −1 for an id kept as its text.</summary>
    public long Packed { get; }

    /// <summary>The key of the engine's id for row <paramref name="position"/> of the commit whose first event is
    /// <paramref name="first"/> (the same key <see cref="Parse"/> gives for that id's text).</summary>
    public static OutboxMessageKey Of(string caseNumber, long first, int position) =>
        first is >= 0 and <= MaxFirst && position is >= 0 and < 1 << PositionBits
            ? new OutboxMessageKey(caseNumber, (first << PositionBits) | (uint)position)
            : new OutboxMessageKey(Format(caseNumber, first, position), -1);

    /// <summary>The key of an id given as text: <c>case:first:k</c> with both numbers in their plain decimal form
    /// (as the engine writes them) becomes the case and the packed number; any other id stays text.</summary>
    public static OutboxMessageKey Parse(string id) =>
        TryParseParts(id, out var caseNumber, out var first, out var position)
            ? new OutboxMessageKey(caseNumber.ToString(), (first << PositionBits) | (uint)position)
            : new OutboxMessageKey(id, -1);

    /// <summary>The parts of an id of the engine's form, as <see cref="Parse"/> reads them (without copying the case
    /// number); false for an id <see cref="Parse"/> keeps as text.</summary>
    public static bool TryParseParts(string id, out ReadOnlySpan<char> caseNumber, out long first, out int position)
    {
        var last = id.LastIndexOf(':');
        if (last > 0)
        {
            var middle = id.LastIndexOf(':', last - 1);
            if (middle >= 0 && Plain(id.AsSpan(middle + 1, last - middle - 1), out first) && Plain(id.AsSpan(last + 1), out var k)
                && first <= MaxFirst && k < 1 << PositionBits)
            {
                caseNumber = id.AsSpan(0, middle);
                position = (int)k;
                return true;
            }
        }
        caseNumber = default;
        first = 0;
        position = 0;
        return false;
    }

    /// <summary><c>first</c> of a <c>case:first:k</c> id (meaningless when <see cref="Packed"/> is −1).</summary>
    public long First => Packed >> PositionBits;

    /// <summary><c>k</c> of a <c>case:first:k</c> id (meaningless when <see cref="Packed"/> is −1).</summary>
    public int Position => (int)(Packed & ((1 << PositionBits) - 1));

    /// <summary>The same key, sharing <paramref name="caseNumber"/>'s string when the id is of that case's own form
    /// (a parsed id's case number is a copy the store need not keep).</summary>
    public OutboxMessageKey Sharing(string caseNumber) =>
        Packed >= 0 && !ReferenceEquals(Text, caseNumber) && string.Equals(Text, caseNumber, StringComparison.Ordinal) ? new OutboxMessageKey(caseNumber, Packed) : this;

    /// <summary>The id's text.</summary>
    public override string ToString() => Packed < 0 ? Text : Format(Text, First, Position);

    /// <inheritdoc />
    public bool Equals(OutboxMessageKey other) => Packed == other.Packed && string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is OutboxMessageKey other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StringComparer.Ordinal.GetHashCode(Text), Packed);

    private static string Format(string caseNumber, long first, int position) =>
        string.Create(CultureInfo.InvariantCulture, $"{caseNumber}:{first}:{position}");

    /// <summary>A non-negative number written as <see cref="Format"/> writes it: digits only, no leading zero.</summary>
    private static bool Plain(ReadOnlySpan<char> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18 || (digits[0] == '0' && digits.Length > 1)) return false;
        foreach (var c in digits)
        {
            if (c is < '0' or > '9') return false;
            value = (value * 10) + (c - '0');
        }
        return true;
    }
}
