using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Audit;

/// <summary>The tamper-evident chain of a case's event log: <c>Hash(n) = SHA-256(Hash(n−1) ‖ canonical bytes of event n)</c>,
/// with an empty Hash(0). The canonical bytes cover every stored column of the event, so editing any of them, or
/// moving the event to another position, changes its link. The format is versioned by <see cref="FormatTag"/> and
/// documented in docs/audit.md; it never changes for stored data.</summary>
internal static class HashChain
{
    /// <summary>Length of a link.</summary>
    public const int HashSize = 32;

    /// <summary>Prefix of the canonical bytes, so a link can never be confused with a hash of anything else.</summary>
    private static ReadOnlySpan<byte> FormatTag => "onestop.event.v1"u8;

    /// <summary>The link of <paramref name="e"/> after <paramref name="previous"/> (empty for the first event).</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, EventRecord e) => Link(previous, e, e.Sequence);

    /// <summary>The link <paramref name="e"/> would have at <paramref name="sequence"/> (the verifier uses it to recognise a moved event).</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, EventRecord e, long sequence)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData(FormatTag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, e.At.UtcTicks);
        hash.AppendData(number);
        AppendText(hash, e.CaseNumber);
        AppendText(hash, e.Type);
        AppendText(hash, e.Actor);
        AppendText(hash, e.CommandKey);
        AppendLength(hash, e.Payload.Length);
        hash.AppendData(e.Payload.Span);
        return hash.GetHashAndReset();
    }

    /// <summary>Chains <paramref name="events"/> (consecutive, in order) after <paramref name="head"/> and returns the
    /// records with their links set, and the new head.</summary>
    public static ReadOnlyMemory<byte> Chain(ReadOnlyMemory<byte> head, EventRecord[] events)
    {
        for (var k = 0; k < events.Length; k++)
        {
            var link = Link(head.Span, events[k]);
            events[k] = events[k] with { Hash = link };
            head = link;
        }
        return head;
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        AppendLength(hash, count);
        if (count <= 256)
        {
            Span<byte> buffer = stackalloc byte[256];
            var written = Encoding.UTF8.GetBytes(text, buffer);
            hash.AppendData(buffer[..written]);
        }
        else
        {
            hash.AppendData(Encoding.UTF8.GetBytes(text));
        }
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        hash.AppendData(buffer);
    }
}
