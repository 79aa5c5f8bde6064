using System.Globalization;
using System.Text;
using OneStop.Definitions;

namespace OneStop.Cli.Simulation;

/// <summary>Generates a catalogue of items as YAML text: every kind (immediate, promised, joint, referred) and every flow
/// construct (step modes all/any/vote/sequential, parallel all/any/quorum, choose, subcase, service). The texts go
/// through <see cref="CatalogueLoader.LoadTexts"/> like any analyst's files. Same seed, same texts.</summary>
internal static class CatalogueGenerator
{
    private static readonly string[] DepartmentNames =
    [
        "市市场监督管理局", "市教育局", "市卫生健康委员会", "市自然资源和规划局", "市住房和城乡建设局", "市交通运输局",
        "市生态环境局", "市公安局", "市民政局", "市人力资源和社会保障局", "市税务局", "市文化广电旅游局",
        "市农业农村局", "市水务局", "市商务局", "市应急管理局", "市城市管理局", "市林业局", "市体育局", "市司法局",
        "市医疗保障局", "市退役军人事务局", "市住房公积金管理中心", "市不动产登记中心", "市消防救援支队", "市气象局",
        "市烟草专卖局", "市档案馆", "市科学技术局", "市发展和改革委员会",
    ];

    /// <summary>Share of items per kind, in twentieths: immediate 8, promised 9, joint 2, referred 1.</summary>
    private static ItemKind KindOf(int index) => (index % 20) switch
    {
        < 8 => ItemKind.Immediate,
        < 17 => ItemKind.Promised,
        < 19 => ItemKind.Joint,
        _ => ItemKind.Referred,
    };

    /// <summary>Generates <paramref name="items"/> items over <paramref name="departments"/> departments, plus one
    /// catalogue-level <c>roles.yaml</c>.</summary>
    public static GeneratedCatalogue Generate(int items, int departments, long seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(items, 20);
        ArgumentOutOfRangeException.ThrowIfLessThan(departments, 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(departments, 99);
        var rng = new SimRandom(seed, -1);
        var list = new List<GeneratedItem>(items);
        var immediateCodes = new List<string>();
        var promisedCount = 0;
        for (var i = 0; i < items; i++)
        {
            var kind = KindOf(i);
            var dept = i % departments;
            var code = "9" + (dept + 1).ToString("D2", CultureInfo.InvariantCulture) + (i + 1).ToString("D6", CultureInfo.InvariantCulture) + "000";
            FlowVariant? variant = kind == ItemKind.Promised ? (FlowVariant)(promisedCount++ % 10) : null;
            // A subcase needs an immediate item that is already generated (index 0 is immediate).
            var child = immediateCodes.Count == 0 ? null : immediateCodes[rng.Next(immediateCodes.Count)];
            if (variant == FlowVariant.Subcase && child is null) variant = FlowVariant.StepAll;
            var yaml = ItemYaml(i, code, kind, dept, departments, variant, child, ref rng);
            list.Add(new GeneratedItem(code, kind, dept, variant, $"sim/{DeptId(dept)}/{code}.yaml", yaml));
            if (kind == ItemKind.Immediate) immediateCodes.Add(code);
        }
        return new GeneratedCatalogue(list, RolesYaml(departments));
    }

    private static string DeptId(int dept) => "d" + (dept + 1).ToString("D2", CultureInfo.InvariantCulture);

    private static string DeptName(int dept) =>
        dept < DepartmentNames.Length ? DepartmentNames[dept] : "市模拟局" + (dept + 1).ToString(CultureInfo.InvariantCulture);

    private static string RolesYaml(int departments)
    {
        var sb = new StringBuilder("# 模拟目录的角色（生成）\nroles:\n");
        for (var d = 0; d < departments; d++)
        {
            var id = DeptId(d);
            var name = DeptName(d);
            sb.Append(CultureInfo.InvariantCulture, $"  {id}.window: {{ name: {name}受理窗口, department: {name} }}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  {id}.review: {{ name: {name}审查科, department: {name} }}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  {id}.panel: {{ name: {name}审议组, department: {name} }}\n");
            sb.Append(CultureInfo.InvariantCulture, $"  {id}.chief: {{ name: {name}分管领导, department: {name} }}\n");
        }
        return sb.ToString();
    }

    private static string ItemYaml(int index, string code, ItemKind kind, int dept, int departments, FlowVariant? variant, string? child, ref SimRandom rng)
    {
        var d = DeptId(dept);
        var sb = new StringBuilder();
        var kindWord = kind.ToString().ToLowerInvariant();
        var kindName = kind switch { ItemKind.Immediate => "即办", ItemKind.Promised => "承诺", ItemKind.Joint => "联办", _ => "上报" };
        sb.Append(CultureInfo.InvariantCulture, $"# 生成的模拟事项 {index + 1}（{kindName}件{(variant is { } v ? "，" + v : "")}）\n");
        sb.Append(CultureInfo.InvariantCulture, $"item: \"{code}\"\nversion: 1\nname: 模拟{kindName}事项{index + 1:D4}\n");
        sb.Append(CultureInfo.InvariantCulture, $"department: {DeptName(dept)}\nkind: {kindWord}\n");
        sb.Append(CultureInfo.InvariantCulture, $"basis: [《模拟行政许可条例》第{index % 60 + 1}条]\nfees: none\n");
        sb.Append("form:\n  amount: { type: decimal, label: 申报金额（万元）, required: true }\n  urgent: { type: bool, label: 是否加急 }\n");
        sb.Append("materials:\n  - { id: application, name: 申请书 }\n  - { id: id-card, name: 申请人身份证明 }\n");
        sb.Append("  - { id: big-plan, name: 项目方案, when: \"amount > 100\" }\n");
        switch (kind)
        {
            case ItemKind.Immediate:
                sb.Append("time: { statutory: 3 workdays, promised: 1 workday }\n");
                sb.Append(CultureInfo.InvariantCulture, $"flow:\n  - {{ step: handle, name: 当场办理, role: {d}.window }}\n");
                return sb.ToString();
            case ItemKind.Promised:
            {
                var statutory = rng.Between(15, 20);
                var promised = rng.Between(6, 10);
                sb.Append(CultureInfo.InvariantCulture, $"time:\n  statutory: {statutory} workdays\n  promised: {promised} workdays\n");
                if (index % 3 == 0) sb.Append("  warnings:\n    - { level: yellow, used: 2/3 }\n    - { level: red, remaining: 1 workday }\n");
                break;
            }
            case ItemKind.Joint:
                sb.Append("time: { statutory: 45 workdays, promised: 15 workdays }\n");
                break;
            default:
                sb.Append("time: { statutory: 20 workdays, promised: 12 workdays, review: 8 workdays }\n");
                break;
        }
        sb.Append("flow:\n");
        sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: intake, name: 窗口受理审核, role: {d}.window, limit: 1 workday }}\n");
        sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: review, name: 材料审查, role: {d}.review, limit: 3 workdays, return-to: [previous], special-procedure: {{ kind: inspection, budget: 5 workdays }} }}\n");
        switch (kind)
        {
            case ItemKind.Joint:
            {
                // 联办: three departments in parallel, led by the item's own, then a subcase of an immediate item.
                var a = DeptId((dept + 1) % departments);
                var b = DeptId((dept + 2) % departments);
                sb.Append(CultureInfo.InvariantCulture, $"  - parallel:\n      id: joint\n      join: all\n      lead: {DeptName(dept)}\n      branches:\n");
                sb.Append(CultureInfo.InvariantCulture, $"        own: [{{ step: joint-own, role: {d}.review, limit: 3 workdays }}]\n");
                sb.Append(CultureInfo.InvariantCulture, $"        first: [{{ step: joint-first, role: {a}.review, limit: 3 workdays }}]\n");
                sb.Append(CultureInfo.InvariantCulture, $"        second: [{{ step: joint-second, role: {b}.review, limit: 3 workdays }}]\n");
                sb.Append(CultureInfo.InvariantCulture, $"  - subcase: {{ id: companion, item: \"{child}\" }}\n");
                break;
            }
            case ItemKind.Referred:
                sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: city-review, name: 上级审查, role: {d}.panel, limit: 5 workdays, return-to: [review] }}\n");
                break;
            default:
                AppendVariant(sb, variant!.Value, d, child);
                break;
        }
        sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: decide, name: 审批决定, role: {d}.chief, limit: 2 workdays, return-to: [review] }}\n");
        return sb.ToString();
    }

    private static void AppendVariant(StringBuilder sb, FlowVariant variant, string d, string? child)
    {
        switch (variant)
        {
            case FlowVariant.StepAll:
                sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: countersign, name: 会签, role: {d}.panel, mode: all, count: 2, limit: 2 workdays }}\n");
                break;
            case FlowVariant.StepAny:
                sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: either, name: 或签, mode: any, approvers: [{d}.panel, {d}.chief], limit: 2 workdays }}\n");
                break;
            case FlowVariant.StepVote:
                sb.Append(CultureInfo.InvariantCulture, $"  - step: vote\n    name: 集体审议\n    mode: vote\n    approvers: [{{ role: {d}.chief, weight: 2 }}, {d}.panel, {d}.panel]\n    vote: {{ ratio: 2/3 }}\n    limit: 3 workdays\n");
                break;
            case FlowVariant.StepSequential:
                sb.Append(CultureInfo.InvariantCulture, $"  - {{ step: sign-off, name: 逐级审核, mode: sequential, approvers: [{d}.review, {d}.panel], limit: 3 workdays }}\n");
                break;
            case FlowVariant.ParallelAll:
                sb.Append(CultureInfo.InvariantCulture, $"  - parallel:\n      join: all\n      branches:\n        technical: [{{ step: technical, role: {d}.panel, limit: 3 workdays }}]\n        legal: [{{ step: legal, role: {d}.review, limit: 3 workdays }}]\n");
                break;
            case FlowVariant.ParallelAny:
                sb.Append(CultureInfo.InvariantCulture, $"  - parallel:\n      join: any\n      branches:\n        north: [{{ step: north, role: {d}.panel, limit: 2 workdays }}]\n        south: [{{ step: south, role: {d}.review, limit: 2 workdays }}]\n");
                break;
            case FlowVariant.ParallelQuorum:
                sb.Append(CultureInfo.InvariantCulture, $"  - parallel:\n      join: quorum\n      quorum: 2\n      veto: false\n      branches:\n        e1: [{{ step: expert-1, role: {d}.panel, limit: 3 workdays }}]\n        e2: [{{ step: expert-2, role: {d}.panel, limit: 3 workdays }}]\n        e3: [{{ step: expert-3, role: {d}.panel, limit: 3 workdays }}]\n");
                break;
            case FlowVariant.Choose:
                sb.Append(CultureInfo.InvariantCulture, $"  - choose:\n      - when: amount > 100\n        flow: [{{ step: big-project, name: 重大项目审查, role: {d}.panel, limit: 3 workdays }}]\n      - otherwise: [{{ step: desk-check, name: 书面审查, role: {d}.review, limit: 1 workday }}]\n");
                break;
            case FlowVariant.Service:
                sb.Append(CultureInfo.InvariantCulture, $"  - service: {{ id: verify, handler: {SimulatedServiceHandler.HandlerName}, attempts: 3, limit: 4 workhours }}\n");
                break;
            case FlowVariant.Subcase:
                sb.Append(CultureInfo.InvariantCulture, $"  - subcase: {{ id: companion, item: \"{child}\", required: true }}\n");
                break;
        }
    }
}
