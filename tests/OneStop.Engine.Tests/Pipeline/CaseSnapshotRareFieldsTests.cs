using System.Text.Json;
using OneStop.Definitions.Flow;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>The fields most cases never set sit in one object made on the first non-default write: they must read,
/// serialize, round-trip and copy as plain fields.</summary>
public sealed class CaseSnapshotRareFieldsTests
{
    [Fact]
    public void Defaults_ReadAsBefore_AndSerializeTheSame()
    {
        var plain = new CaseSnapshot { CaseNumber = "X-1" };
        Assert.Equal((null, -1, 0L, 0, null, null, false, null, null, 0),
            (plain.ParentCase, plain.ParentNode, plain.ParentToken, plain.CorrectionNotices, plain.PendingMaterials, plain.PendingDue, plain.Extended,
                plain.SuspendedFor, plain.Fee, plain.Returns));
        var json = JsonSerializer.Serialize(plain, EngineJsonContext.Default.CaseSnapshot);
        Assert.Contains("\"parentNode\":-1", json, StringComparison.Ordinal);
        var back = JsonSerializer.Deserialize(json, EngineJsonContext.Default.CaseSnapshot)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, EngineJsonContext.Default.CaseSnapshot));
        Assert.Null(typeof(CaseSnapshot).GetField("_rare", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(back));
    }

    [Fact]
    public void Set_RoundTrip_AndClone_AreIndependent()
    {
        var s = new CaseSnapshot
        {
            CaseNumber = "X-1", ParentCase = "P-1", ParentNode = 3, ParentToken = 9, CorrectionNotices = 2, PendingMaterials = ["licence"],
            PendingDue = new DateOnly(2025, 10, 1), Extended = true, SuspendedFor = SpecialProcedureKind.Hearing, Fee = 12.5m, Returns = 1,
        };
        var json = JsonSerializer.Serialize(s, EngineJsonContext.Default.CaseSnapshot);
        var back = JsonSerializer.Deserialize(json, EngineJsonContext.Default.CaseSnapshot)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, EngineJsonContext.Default.CaseSnapshot));

        var copy = s.Clone();
        copy.Returns++;
        copy.Fee = null;
        copy.ParentNode = -1;
        copy.PendingMaterials!.Add("form");

        Assert.Equal((1, 12.5m, 3, 1), (s.Returns, s.Fee, s.ParentNode, s.PendingMaterials!.Count));
        Assert.Equal((2, (decimal?)null, -1, 2), (copy.Returns, copy.Fee, copy.ParentNode, copy.PendingMaterials.Count));
        Assert.Equal(json, JsonSerializer.Serialize(s, EngineJsonContext.Default.CaseSnapshot));
    }
}
