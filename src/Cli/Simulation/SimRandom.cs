namespace OneStop.Cli.Simulation;

/// <summary>A small deterministic generator (SplitMix64). The simulator's reproducibility must not depend on the
/// runtime's <see cref="Random"/> algorithm, so every stream is derived from the seed with this.</summary>
internal struct SimRandom
{
    private ulong _state;

    /// <summary>A stream for one purpose (e.g. case <paramref name="stream"/>) of a run with <paramref name="seed"/>.</summary>
    public SimRandom(long seed, long stream) => _state = Mix((ulong)seed ^ Mix((ulong)stream + 0x9E3779B97F4A7C15UL));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A number in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => max <= 1 ? 0 : (int)(NextBits() % (ulong)max);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => NextDouble() < p;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
