using OneStop.Definitions;

namespace OneStop.Engine.Tests.Supervision;

/// <summary>Items for supervision tests.</summary>
internal static class SupervisionItems
{
    public static readonly string[] AllMaterials = ["report", "plan"];

    private static string Item(string code, string flow, string extra = "", string kind = "promised") => $"""
        item: "{code}"
        version: 1
        name: 监察测试{code[^2..]}
        department: 市测试局
        kind: {kind}
        roles:
          clerk: {"{"} name: 经办人, department: 审批科 {"}"}
          boss: {"{"} name: 负责人, department: 市测试局 {"}"}
        form:
          big: {"{"} type: bool {"}"}
        materials:
          - {"{"} id: report, name: 报告 {"}"}
          - {"{"} id: plan, name: 方案 {"}"}
          - {"{"} id: survey, name: 测绘报告, when: big {"}"}
        {extra}
        flow:
        {flow}
        """;

    /// <summary>Review (2 workdays, expert review allowed) then decide; free.</summary>
    public const string BasicCode = "000600000001";
    public static string Basic => Item(BasicCode, """
          - { step: review, role: clerk, limit: 2 workdays, special-procedure: { kind: expert-review, budget: 3 workdays } }
          - { step: decide, role: boss, return-to: [previous, review] }
        """);

    /// <summary>The same with a published fee of 10 + 5 yuan.</summary>
    public const string FeeCode = "000600000002";
    public static string Fee => Item(FeeCode, """
          - { step: review, role: clerk }
          - { step: decide, role: boss }
        """, "fees: [{ name: 工本费, amount: 10 }, { name: 证书费, amount: 5 }]");

    /// <summary>Deemed approval on timeout.</summary>
    public const string DeemedCode = "000600000003";
    public static string Deemed => Item(DeemedCode, """
          - { step: review, role: clerk }
        """, "time: { statutory: 20 workdays, on-timeout: deemed-approved }");

    /// <summary>An immediate item.</summary>
    public const string ImmediateCode = "000600000004";
    public static string Immediate => Item(ImmediateCode, "  - { step: window, role: clerk }", kind: "immediate");

    public static Catalogue Catalogue(params string[] extra)
    {
        var result = CatalogueLoader.LoadTexts(new[] { Basic, Fee, Deemed, Immediate }.Concat(extra).Select((t, i) => ($"item{i}.yaml", t)));
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Value!;
    }
}
