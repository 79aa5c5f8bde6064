using System.Security.Cryptography;
using OneStop.Engine.Audit;

namespace OneStop.Engine.Tests.Audit;

/// <summary>The low-level OpenSSL digest the hash chain uses on Linux must be SHA-256 exactly as the framework computes it,
/// for every length around the 64-byte block and padding boundaries and for long inputs.</summary>
public class OpenSslSha256Tests
{
    [Fact]
    public void Hash_EveryLengthAroundBlocks_EqualsFrameworkSha256()
    {
        // The Linux test machines ship OpenSSL 3: the fast path must be in use there, or this test proves nothing.
        if (OperatingSystem.IsLinux()) Assert.True(OpenSslSha256.IsAvailable);
        if (!OpenSslSha256.IsAvailable) return;
        var random = new Random(11);
        var lengths = Enumerable.Range(0, 300).Concat([1_000, 4_095, 4_096, 4_097, 65_536, 1_000_003]);
        var digest = new byte[32];
        foreach (var length in lengths)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Array.Fill<byte>(digest, 0xAA);
            OpenSslSha256.Hash(data, digest);
            Assert.Equal(SHA256.HashData(data), digest);
        }
    }

    [Fact]
    public async Task Hash_ManyThreadsAtOnce_EachGetsItsOwnDigest()
    {
        if (!OpenSslSha256.IsAvailable) return;
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var data = new byte[700 + t];
            new Random(t).NextBytes(data);
            var digest = new byte[32];
            for (var i = 0; i < 2_000; i++)
            {
                OpenSslSha256.Hash(data, digest);
                if (!digest.AsSpan().SequenceEqual(SHA256.HashData(data))) return false;
            }
            return true;
        })));
        Assert.All(results, Assert.True);
    }
}
