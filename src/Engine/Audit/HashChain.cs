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
    public static byte[] Link(ReadOnlySpan<byte> previous, EventRecord e, long sequence) =>
        Link(previous, e.CaseNumber, sequence, e.Type, e.At, e.Actor, e.CommandKey, e.Payload.Span);

    /// <summary>The link of an event given by its stored columns (the commit links events before building their records).</summary>
    public static byte[] Link(ReadOnlySpan<byte> previous, string caseNumber, long sequence, string type, DateTimeOffset at, string actor,
        string commandKey, ReadOnlySpan<byte> payload)
    {
        // The canonical bytes are laid out in one buffer and hashed in a single one-shot call: an IncrementalHash per
        // event cost a native context and a dozen interop calls, the largest per-command cost of the commit path.
        var span = Buffer(previous.Length + MaxText(caseNumber) + MaxText(type) + MaxText(actor) + MaxText(commandKey) + payload.Length);
        var n = PutHead(span, previous, sequence, at.UtcTicks);
        n = PutText(span, n, caseNumber);
        n = PutText(span, n, type);
        n = PutText(span, n, actor);
        n = PutText(span, n, commandKey);
        var link = new byte[HashSize];
        Hash(span, PutPayload(span, n, payload), link);
        return link;
    }

    /// <summary>The link of an event given by its stored bytes (texts as UTF-8, the instant as UTC ticks), written to
    /// <paramref name="link"/>: what the whole-store scan computes without building strings or records.</summary>
    public static void Link(ReadOnlySpan<byte> previous, ReadOnlySpan<byte> caseNumber, long sequence, ReadOnlySpan<byte> type, long atTicks,
        ReadOnlySpan<byte> actor, ReadOnlySpan<byte> commandKey, ReadOnlySpan<byte> payload, Span<byte> link)
    {
        var span = Buffer(previous.Length + 16 + caseNumber.Length + type.Length + actor.Length + commandKey.Length + payload.Length);
        var n = PutHead(span, previous, sequence, atTicks);
        n = PutText(span, n, caseNumber);
        n = PutText(span, n, type);
        n = PutText(span, n, actor);
        n = PutText(span, n, commandKey);
        Hash(span, PutPayload(span, n, payload), link);
    }

    private static Span<byte> Buffer(int variable)
    {
        var size = variable + FormatTag.Length + 16 + 4;
        var buffer = t_buffer;
        if (buffer is null || buffer.Length < size) t_buffer = buffer = new byte[Math.Max(size, 4096)];
        return buffer;
    }

    private static int PutHead(Span<byte> span, ReadOnlySpan<byte> previous, long sequence, long atTicks)
    {
        previous.CopyTo(span);
        var n = previous.Length;
        FormatTag.CopyTo(span[n..]);
        n += FormatTag.Length;
        BinaryPrimitives.WriteInt64BigEndian(span[n..], sequence);
        BinaryPrimitives.WriteInt64BigEndian(span[(n + 8)..], atTicks);
        return n + 16;
    }

    private static int PutPayload(Span<byte> span, int at, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[at..], payload.Length);
        payload.CopyTo(span[(at + 4)..]);
        return at + 4 + payload.Length;
    }

    private static void Hash(Span<byte> span, int length, Span<byte> link)
    {
        if (OpenSslSha256.IsAvailable)
        {
            OpenSslSha256.Hash(span[..length], link);
            return;
        }
        // A per-thread hash object: the one-shot SHA256.HashData creates and frees a native digest context per call.
        var hash = t_hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(span[..length]);
        hash.GetHashAndReset(link);
    }

    // Per-thread scratch for the canonical bytes; grows to the largest event seen on the thread.
    [ThreadStatic]
    private static byte[]? t_buffer;

    [ThreadStatic]
    private static IncrementalHash? t_hash;

    private static int MaxText(string text) => 4 + Encoding.UTF8.GetMaxByteCount(text.Length);

    private static int PutText(Span<byte> span, int at, string text)
    {
        var written = Encoding.UTF8.GetBytes(text, span[(at + 4)..]);
        BinaryPrimitives.WriteInt32BigEndian(span[at..], written);
        return at + 4 + written;
    }

    private static int PutText(Span<byte> span, int at, ReadOnlySpan<byte> utf8)
    {
        BinaryPrimitives.WriteInt32BigEndian(span[at..], utf8.Length);
        utf8.CopyTo(span[(at + 4)..]);
        return at + 4 + utf8.Length;
    }
}
