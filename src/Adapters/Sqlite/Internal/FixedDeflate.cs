using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A raw deflate (RFC 1951) encoder for small inputs: one final block with the fixed Huffman codes, greedy
/// LZ77 matches found through a single-probe hash of 4 bytes. The framework's <c>DeflateStream</c> initialises a fresh
/// zlib-ng state per stream (a ~330 KB allocation, cleared, then its 128 KB hash table cleared again) and the native
/// library exports no <c>deflateReset</c>: for a 4 KB snapshot that set-up took far longer than compressing it (7.7 %
/// of the simulator's pool-thread CPU). Here each thread keeps a 32 KB hash table that is never cleared: an entry holds
/// a position offset by a per-thread base that grows past every earlier input, so an entry from an earlier input reads
/// as a negative position. The output is what zlib-ng's fastest level (<c>deflate_quick</c>) wrote too — fixed codes,
/// one probe, no insertion inside matches — so stored snapshots keep their size (on the simulator's final snapshots of
/// 4,155 B on average: 1,217 B here, 1,214 B through <c>DeflateStream</c>), and any inflater reads them.</summary>
internal static class FixedDeflate
{
    private const int HashBits = 13;
    private const int MinMatch = 4;
    private const int MaxMatch = 258;
    private const int MaxDistance = 32768;

    /// <summary>Per literal byte: its fixed code, bit-reversed (deflate writes Huffman codes from their top bit into
    /// an LSB-first stream), in the low bits and its length in bits above bit 24.</summary>
    private static readonly uint[] Literals = BuildLiterals();

    /// <summary>Per match length − 3: the length symbol's reversed code followed by its extra bits, and their total
    /// count above bit 24.</summary>
    private static readonly uint[] Lengths = BuildLengths();

    /// <summary>The five-bit distance codes 0–29, bit-reversed.</summary>
    private static readonly byte[] DistanceCodes = BuildDistanceCodes();

    [ThreadStatic] private static int[]? t_head;
    [ThreadStatic] private static int t_base;

    /// <summary>Sets this thread's next position base (tests: the wrap-around near <see cref="int.MaxValue"/>).</summary>
    internal static void SetBase(int value) => t_base = value;

    /// <summary>Deflates <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <returns>The bytes written, or −1 when they would not fit in <paramref name="output"/>.</returns>
    // Optimised at once: a snapshot is compressed on a pool thread from the first command on, and until the tiering
    // delay lets it up, the unoptimised loop (which a run's first minute of JIT activity keeps postponing) took a third of
    // the encoder's CPU in the simulator.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var table = t_head ??= new int[1 << HashBits];
        var n = input.Length;
        // Positions are stored as base + i, base ≥ 1, so that a zero (never written) entry reads as negative too.
        if (t_base <= 0 || t_base > int.MaxValue - n - 1)
        {
            Array.Clear(table);
            t_base = 1;
        }
        var offset = t_base;
        t_base += n;
        // Output room is checked once per symbol (HasRoom), input reads stay below n by the loop bounds, and hash
        // values are below the table's length by construction: pointers skip the bounds checks that cost a third of
        // the time on 4 KB inputs.
        fixed (byte* src = input)
        fixed (int* head = table)
        fixed (uint* literals = Literals)
        fixed (uint* lengths = Lengths)
        fixed (byte* distances = DistanceCodes)
        fixed (byte* dst = output)
        {
            var writer = new BitWriter(dst, output.Length);
            writer.Write(0b011, 3); // BFINAL = 1, BTYPE = 01 (fixed codes)
            var i = 0;
            var last = n - MinMatch;
            while (i <= last)
            {
                if (!writer.HasRoom) return -1;
                var v = Unsafe.ReadUnaligned<uint>(src + i);
                var slot = head + ((v * 2654435761u) >> (32 - HashBits));
                var candidate = *slot - offset;
                *slot = offset + i;
                if (candidate >= 0 && i - candidate <= MaxDistance && Unsafe.ReadUnaligned<uint>(src + candidate) == v)
                {
                    var length = MatchLength(src + candidate, src + i, Math.Min(MaxMatch, n - i));
                    var lengthCode = lengths[length - 3];
                    writer.Write(lengthCode & 0xFFFFFF, (int)(lengthCode >> 24));
                    WriteDistance(ref writer, distances, i - candidate);
                    // The positions inside the match stay out of the table, as in zlib-ng's deflate_quick: on the
                    // simulator's snapshots adding them saved under 1 % of the output for 40 % more time.
                    i += length;
                }
                else
                {
                    var literal = literals[src[i]];
                    writer.Write(literal & 0xFFFFFF, (int)(literal >> 24));
                    i++;
                }
            }
            for (; i < n; i++)
            {
                if (!writer.HasRoom) return -1;
                var literal = literals[src[i]];
                writer.Write(literal & 0xFFFFFF, (int)(literal >> 24));
            }
            if (!writer.HasRoom) return -1;
            writer.Write(0, 7); // end of block: symbol 256, seven zero bits
            return writer.Finish();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int MatchLength(byte* from, byte* at, int max)
    {
        var length = MinMatch;
        while (length + 8 <= max)
        {
            var x = Unsafe.ReadUnaligned<ulong>(from + length) ^ Unsafe.ReadUnaligned<ulong>(at + length);
            if (x != 0)
                return length + (BitConverter.IsLittleEndian ? BitOperations.TrailingZeroCount(x) : BitOperations.LeadingZeroCount(x)) / 8;
            length += 8;
        }
        while (length < max && from[length] == at[length]) length++;
        return length;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WriteDistance(ref BitWriter writer, byte* codes, int distance)
    {
        var d = distance - 1;
        if (d < 4)
        {
            writer.Write(codes[d], 5);
            return;
        }
        var log = BitOperations.Log2((uint)d);
        var extraBits = log - 1;
        var code = 2 * log + ((d >> extraBits) & 1);
        writer.Write(codes[code] | (uint)((d & ((1 << extraBits) - 1)) << 5), 5 + extraBits);
    }

    private static uint Reverse(uint code, int bits)
    {
        uint reversed = 0;
        for (var k = 0; k < bits; k++)
        {
            reversed = (reversed << 1) | (code & 1);
            code >>= 1;
        }
        return reversed;
    }

    /// <summary>The fixed literal/length code of <paramref name="symbol"/> (RFC 1951, 3.2.6), reversed, and its length.</summary>
    private static (uint Code, int Bits) FixedCode(int symbol) => symbol switch
    {
        < 144 => (Reverse((uint)(0x30 + symbol), 8), 8),
        < 256 => (Reverse((uint)(0x190 + symbol - 144), 9), 9),
        < 280 => (Reverse((uint)(symbol - 256), 7), 7),
        _ => (Reverse((uint)(0xC0 + symbol - 280), 8), 8),
    };

    private static uint[] BuildLiterals()
    {
        var table = new uint[256];
        for (var b = 0; b < 256; b++)
        {
            var (code, bits) = FixedCode(b);
            table[b] = code | ((uint)bits << 24);
        }
        return table;
    }

    private static uint[] BuildLengths()
    {
        var table = new uint[MaxMatch - 3 + 1];
        for (var l = 0; l < table.Length; l++)
        {
            int symbol, extraBits = 0, extra = 0;
            if (l < 8) symbol = 257 + l;
            else if (l == 255) symbol = 285;
            else
            {
                var log = BitOperations.Log2((uint)l);
                extraBits = log - 2;
                symbol = 257 + 4 * (log - 1) + ((l >> extraBits) & 3);
                extra = l & ((1 << extraBits) - 1);
            }
            var (code, bits) = FixedCode(symbol);
            table[l] = code | ((uint)extra << bits) | ((uint)(bits + extraBits) << 24);
        }
        return table;
    }

    private static byte[] BuildDistanceCodes()
    {
        var table = new byte[30];
        for (var c = 0; c < table.Length; c++) table[c] = (byte)Reverse((uint)c, 5);
        return table;
    }

    /// <summary>Bits gathered LSB first and stored four bytes at a time.</summary>
    private unsafe struct BitWriter(byte* output, int capacity)
    {
        private ulong _bits;
        private int _count;
        private int _position;

        /// <summary>Whether one more symbol (a literal, or a length and a distance) surely fits: each write stores at
        /// most 4 bytes, and the final flush at most 8.</summary>
        public readonly bool HasRoom => _position + 16 <= capacity;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Write(uint value, int count)
        {
            _bits |= (ulong)value << _count;
            _count += count;
            if (_count >= 32)
            {
                var word = (uint)_bits;
                Unsafe.WriteUnaligned(output + _position, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
                _position += 4;
                _bits >>= 32;
                _count -= 32;
            }
        }

        public int Finish()
        {
            while (_count > 0)
            {
                output[_position++] = (byte)_bits;
                _bits >>= 8;
                _count -= 8;
            }
            return _position;
        }
    }
}
