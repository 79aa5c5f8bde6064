namespace OneStop.CrashHost;

/// <summary>The item the crash host files: two steps with one-workday limits and a five-workday statutory limit with a
/// reminder, so that moving the clock a day or two makes step and case deadlines fall due.</summary>
public static class CrashItem
{
    public const string Code = "000900000009";

    public const string Yaml = """
        item: "000900000009"
        version: 1
        name: 崩溃测试事项
        department: 市测试局
        kind: promised
        roles:
          clerk: { name: 经办人, department: 市测试局 }
          boss: { name: 负责人, department: 市测试局 }
        materials:
          - { id: report, name: 申请书 }
        time:
          statutory: 5 workdays
          warnings:
            - { level: reminder, remaining: 2 workdays }
        flow:
          - { step: review, name: 审查, role: clerk, limit: 1 workdays }
          - { step: decide, name: 决定, role: boss, limit: 1 workdays }
        """;
}
