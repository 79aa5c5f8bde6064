namespace OneStop.Engine.Flow;

/// <summary>One all-zero array per length, shared by every case whose per-node counters of that kind are all zero (most
/// cases never deny, abstain or call a service): <see cref="CaseSnapshot"/> starts those arrays as these and copies one
/// on its first non-zero write (see <see cref="CaseSnapshot.DenyToWrite"/>). Never written: every write to a snapshot's
/// arrays goes through <see cref="Events.EventApplier"/>, which writes a zero only over a non-zero value.</summary>
internal static class ZeroArrays
{
    private const int Cached = 256;
    private static readonly int[]?[] Ints32 = new int[]?[Cached + 1];
    private static readonly long[]?[] Ints64 = new long[]?[Cached + 1];

    /// <summary>The shared all-zero <see cref="int"/> array of <paramref name="length"/> (a new one past the cached lengths).</summary>
    public static int[] Ints(int length) =>
        (uint)length > Cached ? new int[length] : Ints32[length] ?? Publish(ref Ints32[length], new int[length]);

    /// <summary>The shared all-zero <see cref="long"/> array of <paramref name="length"/> (a new one past the cached lengths).</summary>
    public static long[] Longs(int length) =>
        (uint)length > Cached ? new long[length] : Ints64[length] ?? Publish(ref Ints64[length], new long[length]);

    /// <summary>True for a shared array (which must not be written).</summary>
    public static bool IsShared(int[] array) => array.Length <= Cached && ReferenceEquals(Ints32[array.Length], array);

    /// <summary>True for a shared array (which must not be written).</summary>
    public static bool IsShared(long[] array) => array.Length <= Cached && ReferenceEquals(Ints64[array.Length], array);

    // Two threads may make one at once: both use the one published first.
    private static T[] Publish<T>(ref T[]? slot, T[] made) => Interlocked.CompareExchange(ref slot, made, null) ?? made;
}
