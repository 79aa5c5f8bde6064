using OneStop.Cli.Rendering;
using OneStop.Definitions;

namespace OneStop.Cli.Tests.Rendering;

public class ConditionWordsTests
{
    private static ItemDefinition Item() => CatalogueLoader.LoadItem("""
        item: "900000000001"
        version: 1
        name: 测试事项
        department: 测试局
        kind: promised
        time: { statutory: 20 workdays }
        roles: { clerk: { name: 经办人 } }
        form:
          amount: { type: decimal, label: 提取金额 }
        materials:
          - { id: proof, name: 收入证明, when: amount > 50.5 }
        flow:
          - { step: review, role: clerk }
        """, "inline.yaml").GetValueOrThrow();

    [Fact]
    public void Of_NumberLiteral_StaysOneWord()
    {
        Assert.Equal("提取金额 大于 50.5", ConditionWords.Of("amount > 50.5", Item()));
        Assert.Equal("提取金额 不小于 120", ConditionWords.Of("amount >= 120", Item()));
    }
}
