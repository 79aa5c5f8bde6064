namespace OneStop.Engine;

/// <summary>An instant kept as its UTC ticks and its offset in minutes, so that a kept row or notice can lay its times
/// out more tightly than <see cref="DateTimeOffset"/> fields would; unpacking gives back the same instant and offset.</summary>
internal static class PackedInstant
{
    /// <summary>The offset of <paramref name="at"/> in whole minutes (every <see cref="DateTimeOffset"/> offset is one, within ±14 h).</summary>
    public static short OffsetMinutes(DateTimeOffset at) => (short)at.TotalOffsetMinutes;

    /// <summary>The instant <paramref name="utcTicks"/> at the offset of <paramref name="offsetMinutes"/>.</summary>
    public static DateTimeOffset Unpack(long utcTicks, short offsetMinutes) => Unpack(utcTicks, TimeSpan.FromMinutes(offsetMinutes));

    /// <summary>The instant <paramref name="utcTicks"/> at <paramref name="offset"/>.</summary>
    public static DateTimeOffset Unpack(long utcTicks, TimeSpan offset) => new DateTimeOffset(utcTicks, TimeSpan.Zero).ToOffset(offset);
}
