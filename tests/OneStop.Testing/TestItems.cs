namespace OneStop.Testing;

/// <summary>Item definition texts that several test projects load.</summary>
public static class TestItems
{
    /// <summary>A promised item (5 workdays, statutory 20) with one review step and one material, <c>report</c>.</summary>
    public static string PromisedReview(string code) => $$"""
        item: "{{code}}"
        version: 1
        name: 测试事项
        department: 市测试局
        kind: promised
        roles:
          clerk: { name: 经办人, department: 市测试局 }
        materials:
          - { id: report, name: 报告 }
        time: { statutory: 20 workdays, promised: 5 workdays }
        flow:
          - { step: review, name: 审查, role: clerk }
        """;
}
