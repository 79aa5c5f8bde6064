namespace OneStop.Definitions.Tests.Loading;

/// <summary>Small item texts for loader tests.</summary>
internal static class SomeItem
{
    public const string Header = """
        item: "000100009999"
        version: 1
        name: 测试事项
        department: 市教育局
        kind: promised
        roles:
          clerk: { name: 经办人 }
          boss: { name: 负责人 }
        form:
          stage: { type: choice, options: [preparation, formal] }
          area: { type: decimal }
        materials:
          - { id: report, name: 报告 }
          - { id: donation, name: 捐赠协议, when: area > 100 }

        """;

    public static ItemDefinition Load(string flow)
    {
        var result = CatalogueLoader.LoadItem(Header + flow, "some.yaml");
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Value!;
    }

    public static IReadOnlyList<Diagnostic> Errors(string flow) => CatalogueLoader.LoadItem(Header + flow, "some.yaml").Diagnostics;
}
