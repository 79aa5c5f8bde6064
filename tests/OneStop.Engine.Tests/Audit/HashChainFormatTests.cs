using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using OneStop.Engine.Audit;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Audit;

/// <summary>Pins the link format of docs/audit.md against an independent, field-by-field reference, so a faster
/// implementation can never change what stored chains verify against.</summary>
public class HashChainFormatTests
{
    // The documented canonical bytes, appended one field at a time.
    private static byte[] Reference(byte[] previous, EventRecord e, long sequence)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previous);
        hash.AppendData("onestop.event.v1"u8);
        var number = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, sequence);
        hash.AppendData(number);
        BinaryPrimitives.WriteInt64BigEndian(number, e.At.UtcTicks);
        hash.AppendData(number);
        foreach (var text in new[] { e.CaseNumber, e.Type, e.Actor, e.CommandKey })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            AppendLength(hash, bytes.Length);
            hash.AppendData(bytes);
        }
        AppendLength(hash, e.Payload.Length);
        hash.AppendData(e.Payload.Span);
        return hash.GetHashAndReset();
    }

    private static void AppendLength(IncrementalHash hash, int length)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(buffer, length);
        hash.AppendData(buffer);
    }

    [Fact]
    public void Link_VariedEvents_MatchesFieldByFieldReference()
    {
        var random = new Random(7);
        var previous = Array.Empty<byte>();
        var at = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(8));
        for (var k = 1; k <= 40; k++)
        {
            var payload = new byte[random.Next(0, k * 300)];
            random.NextBytes(payload);
            var actor = k % 3 == 0 ? new string('审', k * 40) : "窗口人员" + k;
            var e = new EventRecord("C" + k, k, "task.opened.v1", at.AddMinutes(k), actor, k % 5 == 0 ? "" : "key-" + k, payload, ReadOnlyMemory<byte>.Empty);
            var link = HashChain.Link(previous, e);
            Assert.Equal(Reference(previous, e, k), link);
            Assert.Equal(Reference(previous, e, k + 1), HashChain.Link(previous, e, k + 1));
            previous = link;
        }
    }
}
