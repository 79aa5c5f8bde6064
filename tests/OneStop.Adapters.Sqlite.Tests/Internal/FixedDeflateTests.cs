using System.IO.Compression;
using System.Text;
using OneStop.Adapters.Sqlite.Internal;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

public sealed class FixedDeflateTests
{
    public static TheoryData<int> Kinds => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Compress_ManySizes_InflateToTheInput(int kind)
    {
        var random = new Random(kind);
        var sizes = Enumerable.Range(0, 1100).Concat([4095, 4096, 4097, 32767, 32768, 32769, 40000, 70000, 140000]);
        foreach (var size in sizes)
        {
            var input = Input(kind, size, random);
            var output = new byte[input.Length * 9 / 8 + 64]; // random bytes take 9 bits each at worst
            var written = FixedDeflate.Compress(input, output);
            Assert.True(written > 0, $"size {size}");
            Assert.Equal(input, Inflate(output.AsSpan(0, written).ToArray(), input.Length));
        }
    }

    [Fact]
    public void Compress_WritesTheBytesEarlierVersionsWrote()
    {
        // Stored snapshots are compared and sized by their bytes (pages per commit): a faster encoder must write the same
        // stream, not just one that inflates. The digest is of session 25's encoder's output for these inputs.
        using var digest = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var kind in new[] { 0, 1, 2, 3, 4 })
        {
            var random = new Random(100 + kind);
            foreach (var size in Enumerable.Range(0, 160).Select(k => k * 7).Concat([4095, 4096, 4097, 32769, 70000]))
            {
                var input = Input(kind, size, random);
                var output = new byte[input.Length * 9 / 8 + 64];
                var written = FixedDeflate.Compress(input, output);
                digest.AppendData(BitConverter.GetBytes(written));
                digest.AppendData(output.AsSpan(0, written));
            }
        }
        Assert.Equal("906F9FD0E497F6AD1BC22CDBE3EF78A2135C482CFDFB0CA6B0230381E6A9D242", Convert.ToHexString(digest.GetHashAndReset()));
    }

    [Fact]
    public void Compress_OutputTooSmall_ReturnsMinusOne()
    {
        var input = new byte[4096];
        new Random(7).NextBytes(input);
        Assert.Equal(-1, FixedDeflate.Compress(input, new byte[input.Length - 1]));
        Assert.Equal(-1, FixedDeflate.Compress(input, new byte[10]));
    }

    [Fact]
    public void Compress_AfterTheBaseWrapsAround_StillInflates()
    {
        var random = new Random(3);
        var first = Input(2, 5000, random);
        var second = Input(1, 5000, random);
        var output = new byte[6000];
        FixedDeflate.SetBase(int.MaxValue - 6000);
        Assert.Equal(first, Inflate(output.AsSpan(0, FixedDeflate.Compress(first, output)).ToArray(), first.Length));
        // The next input does not fit above the base: the table is cleared and positions start again at 1, below the
        // entries just written, which must not be taken for matches.
        Assert.Equal(second, Inflate(output.AsSpan(0, FixedDeflate.Compress(second, output)).ToArray(), second.Length));
        Assert.Equal(first, Inflate(output.AsSpan(0, FixedDeflate.Compress(first, output)).ToArray(), first.Length));
    }

    [Fact]
    public void Compress_SnapshotLikeJson_AboutAsSmallAsTheFrameworksFastestLevel()
    {
        var json = Encoding.UTF8.GetBytes(Json(new Random(5), 60));
        var output = new byte[json.Length];
        var written = FixedDeflate.Compress(json, output);
        var framework = new MemoryStream();
        using (var deflate = new DeflateStream(framework, CompressionLevel.Fastest, leaveOpen: true)) deflate.Write(json);
        Assert.InRange(written, 1, framework.Length * 11 / 10);
    }

    private static byte[] Inflate(byte[] stored, int length)
    {
        var result = new byte[length];
        using var inflate = new DeflateStream(new MemoryStream(stored), CompressionMode.Decompress);
        inflate.ReadExactly(result);
        Assert.Equal(0, inflate.Read(new byte[1]));
        return result;
    }

    /// <summary>0: random; 1: four letters; 2: long runs (matches of the maximum length); 3: repeats at distances up to
    /// and beyond the 32 KB window; 4: JSON of the snapshots' shape.</summary>
    private static byte[] Input(int kind, int size, Random random)
    {
        var bytes = new byte[size];
        switch (kind)
        {
            case 0:
                random.NextBytes(bytes);
                break;
            case 1:
                for (var i = 0; i < size; i++) bytes[i] = (byte)('a' + random.Next(4));
                break;
            case 2:
                for (var i = 0; i < size; i++) bytes[i] = i % 1000 < 7 ? (byte)random.Next(256) : (byte)'x';
                break;
            case 3:
                var block = new byte[Math.Min(size, 1 + random.Next(40000))];
                random.NextBytes(block);
                for (var i = 0; i < size; i++) bytes[i] = block[i % block.Length];
                break;
            default:
                var text = Encoding.UTF8.GetBytes(Json(random, 1 + size / 60));
                for (var i = 0; i < size; i++) bytes[i] = text[i % text.Length];
                break;
        }
        return bytes;
    }

    private static string Json(Random random, int fields)
    {
        var text = new StringBuilder("{\"schema\":1,\"caseNumber\":\"923000383000-20250915-00001\",\"department\":\"市住房公积金管理中心\",\"form\":{");
        for (var i = 0; i < fields; i++)
            text.Append($"\"field{random.Next(30)}\":\"{random.Next(100000)}\",\"at\":\"2025-09-{10 + random.Next(20)}T0{random.Next(10)}:00:00+00:00\",");
        return text.Append("\"end\":true}}").ToString();
    }
}
