using System.Text;
using System.Text.RegularExpressions;
using OneStop.Definitions;

namespace OneStop.Cli.Rendering;

/// <summary>Spells a condition in words for applicants: field ids become their labels and operators become
/// Chinese words (<c>stage == 'formal'</c> → 申请阶段 为 'formal'). Text it does not recognise is kept as written.</summary>
internal static partial class ConditionWords
{
    [GeneratedRegex(@"has\(\s*'([^']*)'\s*\)|'[^']*'|""[^""]*""|\d+(?:\.\d+)?|[A-Za-z_][A-Za-z0-9_.]*|==|!=|>=|<=|\S")]
    private static partial Regex Token();

    public static string Of(string condition, ItemDefinition item)
    {
        var fields = item.Form.ToDictionary(f => f.Id, f => f.Label ?? f.Id, StringComparer.Ordinal);
        var materials = item.Materials.ToDictionary(m => m.Id, m => m.Name, StringComparer.Ordinal);
        var trimmed = condition.Trim();
        if (item.Form.FirstOrDefault(f => f.Id == trimmed) is { Type: FieldType.Bool } boolField) return $"{boolField.Label ?? boolField.Id}为是";

        var words = new List<string>();
        foreach (Match m in Token().Matches(condition))
        {
            var t = m.Value;
            if (m.Groups[1].Success)
            {
                words.Add(materials.TryGetValue(m.Groups[1].Value, out var name) ? $"已提交《{name}》" : t);
                continue;
            }
            words.Add(t switch
            {
                "==" => "为",
                "!=" => "不为",
                ">" => "大于",
                ">=" => "不小于",
                "<" => "小于",
                "<=" => "不大于",
                "and" => "且",
                "or" => "或",
                "not" => "非",
                "in" => "属于",
                "true" => "是",
                "false" => "否",
                _ => fields.TryGetValue(t, out var label) ? label : t,
            });
        }
        var sb = new StringBuilder();
        foreach (var w in words)
        {
            if (sb.Length > 0 && w is not ("," or ")" or "]") && sb[^1] is not ('(' or '[')) sb.Append(' ');
            sb.Append(w);
        }
        return sb.ToString();
    }
}
