using System.Globalization;
using BenchmarkDotNet.Attributes;
using OneStop.Definitions;

namespace OneStop.Benchmarks.Definitions;

/// <summary>Load + validate + compile generated item files. Budget: 1,000 items under 1 s; a typical item under 1 ms.</summary>
[MemoryDiagnoser]
public class LoaderBenchmarks
{
    private (string Path, string Text)[] _items = [];
    private string _typical = "";

    [GlobalSetup]
    public void Setup()
    {
        _items = Enumerable.Range(0, 1000).Select(i => ($"gen/{i:D4}.yaml", Generate(i))).ToArray();
        _typical = _items[0].Text;
    }

    /// <summary>A typical promised item: 5 form fields, 6 materials (3 conditional), 7 steps in a sequence,
    /// a parallel block and a choose block.</summary>
    internal static string Generate(int i)
    {
        var code = (100000000000L + i).ToString(CultureInfo.InvariantCulture);
        return $$"""
            item: "{{code}}"
            version: 1
            name: 生成事项{{i}}
            department: 市行政审批局
            kind: promised
            basis: [《中华人民共和国行政许可法》第十二条]
            conditions: [申请人具有完全民事行为能力]
            fees: none
            window: 市政务服务中心综合窗口
            roles:
              clerk: { name: 经办人 }
              chief: { name: 科长 }
              director: { name: 局长 }
            form:
              stage: { type: choice, options: [preparation, formal], required: true }
              area: { type: decimal }
              employees: { type: int }
              foreign: { type: bool }
              opened: { type: date }
            materials:
              - { id: application, name: 申请书 }
              - { id: licence, name: 营业执照 }
              - { id: plan, name: 方案, when: "stage == 'formal'" }
              - { id: lease, name: 租赁合同, when: "area > 100 and not foreign" }
              - { id: staff, name: 人员名单, when: "coalesce(employees, 0) >= 10" }
              - { id: other, name: 其他材料, required: false }
            time:
              statutory: 20 workdays
              promised: 10 workdays
              warnings: [{ level: yellow, remaining: 2 workdays }, { level: red, used: 90% }]
            flow:
              - { step: accept, role: clerk, limit: 1 workday }
              - { step: review, role: clerk, limit: 3 workdays, return-to: previous }
              - parallel:
                  join: all
                  branches:
                    a: [{ step: a1, role: clerk, limit: 2 workdays }]
                    b: [{ step: b1, role: chief, limit: 2 workdays, when: "area > 50" }]
              - choose:
                  - when: stage == 'formal'
                    flow: [{ step: inspect, role: clerk, special-procedure: site-inspection }]
                  - otherwise: [{ step: desk, role: clerk }]
              - { step: sign, mode: sequential, approvers: [chief, director], return-to: [review, start] }
              - { step: decide, role: director, limit: 1 workday }
            """;
    }

    [Benchmark(Description = "LoadTexts: 1,000 items")]
    public Catalogue LoadThousand() => CatalogueLoader.LoadTexts(_items).GetValueOrThrow();

    [Benchmark(Description = "LoadItem: one typical item")]
    public ItemDefinition LoadOne() => CatalogueLoader.LoadItem(_typical, "typical.yaml").GetValueOrThrow();
}
