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
        // The canonical bytes are laid out in one buffer and hashed in a single one-shot call: an IncrementalHash per
        // event cost a native context and a dozen interop calls, the largest per-command cost of the commit path.
        var payload = e.Payload.Span;
        var size = previous.Length + FormatTag.Length + 16 + 16
            + MaxText(e.CaseNumber) + MaxText(e.Type) + MaxText(e.Actor) + MaxText(e.CommandKey) + payload.Length;
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < size) t_buffer = buffer = new byte[Math.Max(size, 4096)];
        var span = buffer.AsSpan();
        var at = 0;
        previous.CopyTo(span);
        at += previous.Length;
        FormatTag.CopyTo(span[at..]);
        at += FormatTag.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[at..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(span[(at + 8)..], e.At.UtcTicks);
        at += 16;
        at = PutText(span, at, e.CaseNumber);
        at = PutText(span, at, e.Type);
        at = PutText(span, at, e.Actor);
        at = PutText(span, at, e.CommandKey);
        BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.Length);
        at += 4;
        payload.CopyTo(span[at..]);
        at += payload.Length;
        var link = new byte[HashSize];
        SHA256.HashData(span[..at], link);
        return link;
    }

    // Per-thread scratch for the canonical bytes; grows to the largest event seen on the thread.
    [ThreadStatic]
    private static byte[]? t_buffer;

    private static int MaxText(string text) => 4 + Encoding.UTF8.GetMaxByteCount(text.Length);

    private static int PutText(Span<byte> span, int at, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[at..], written);
        return at + 4 + written;
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
}
