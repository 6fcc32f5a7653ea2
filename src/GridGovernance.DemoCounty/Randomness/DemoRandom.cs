namespace GridGovernance.DemoCounty.Randomness;

/// <summary>
/// xoshiro256** seeded through SplitMix64. System.Random is not used because its algorithm is not promised to stay
/// the same across .NET versions, and the demo files must come out byte-identical on every run and machine.
/// </summary>
public sealed class DemoRandom
{
    private readonly ulong _seed;
    private ulong _s0, _s1, _s2, _s3;

    public DemoRandom(ulong seed)
    {
        _seed = seed;
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>
    /// An independent stream named by its purpose. It depends only on this generator's seed and the name, never on how
    /// many numbers were drawn so far, so adding a draw in one stage does not reshuffle every later stage.
    /// </summary>
    public DemoRandom Fork(string purpose)
    {
        var x = _seed ^ StableHash.Of(purpose);
        return new DemoRandom(SplitMix64(ref x));
    }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, maxExclusive), unbiased (Lemire's multiply-and-reject).</summary>
    public int NextInt(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var bound = (ulong)maxExclusive;
        var threshold = (0UL - bound) % bound;
        while (true)
        {
            var product = (UInt128)NextUInt64() * bound;
            if ((ulong)product >= threshold)
            {
                return (int)(ulong)(product >> 64);
            }
        }
    }

    public int NextInt(int minInclusive, int maxInclusive) => minInclusive + NextInt(maxInclusive - minInclusive + 1);

    public bool Chance(double probability) => NextDouble() < probability;

    /// <summary>
    /// A bell-shaped value with mean 0 and standard deviation 1: the sum of four uniforms (Irwin–Hall), rescaled.
    /// Its tails stop at ±3.46, which suits scattering houses, and it needs no log/sin whose last bit may differ
    /// between C runtimes.
    /// </summary>
    public double NextBell()
    {
        var sum = NextDouble() + NextDouble() + NextDouble() + NextDouble();
        return (sum - 2.0) * 1.7320508075688772;
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>Index drawn with probability proportional to its weight.</summary>
    public int PickWeighted(IReadOnlyList<double> weights)
    {
        var total = 0.0;
        foreach (var w in weights)
        {
            total += w;
        }

        var target = NextDouble() * total;
        for (var i = 0; i < weights.Count; i++)
        {
            target -= weights[i];
            if (target < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix64(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
