using System.Collections.Immutable;
using System.Text.RegularExpressions;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Loading;

internal sealed partial class ItemReader
{
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_\-.]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")]
    private static partial Regex FieldPattern();

    private bool CheckId(string id, SourceSpan span, string what, Regex pattern, string expected)
    {
        if (pattern.IsMatch(id)) return true;
        _d.Error(DiagnosticCodes.InvalidId, $"{what} '{YScalar.Shorten(id)}' is not a valid id; expected {expected}", span);
        return false;
    }

    private ImmutableArray<(RoleDefinition Role, SourceSpan Span)> ReadRoles(YNode node)
    {
        if (_r.Mapping(node, "roles") is not { } mapping) return [];
        var map = MapView.OpenFree(mapping, "roles", _d, DiagnosticCodes.DuplicateRole, "role");
        var b = ImmutableArray.CreateBuilder<(RoleDefinition, SourceSpan)>();
        foreach (var entry in map.Entries)
        {
            var id = entry.Key.Value;
            CheckId(id, entry.Key.Span, "role", IdPattern(), "letters, digits, '_', '-' and '.' starting with a letter, e.g. edu.licensing");
            string? name = null, dept = null;
            if (entry.Value is YScalar s)
            {
                name = s.IsNull ? null : s.Value;
            }
            else if (MapView.Open(entry.Value, KeyTables.Role, $"role '{id}'", _d) is { } roleMap)
            {
                name = _r.Text(roleMap["name"], "role name");
                dept = _r.Text(roleMap["department"], "role department");
            }
            b.Add((new RoleDefinition(id, name, dept), entry.Key.Span));
        }
        return b.ToImmutable();
    }

    private ImmutableArray<FieldDefinition> ReadForm(YNode? node)
    {
        if (_r.Mapping(node, "form") is not { } mapping) return [];
        var map = MapView.OpenFree(mapping, "form", _d, DiagnosticCodes.DuplicateFieldId, "form field");
        var b = ImmutableArray.CreateBuilder<FieldDefinition>();
        foreach (var entry in map.Entries)
        {
            var id = entry.Key.Value;
            CheckId(id, entry.Key.Span, "form field", FieldPattern(), "letters, digits and '_' starting with a letter, dot-separated for groups");
            FieldType? type;
            string? label = null;
            var required = false;
            ImmutableArray<string> options = [];
            if (entry.Value is YScalar)
            {
                type = _r.Enum(entry.Value, $"type of form field '{id}'", Words.FieldType);
            }
            else if (MapView.Open(entry.Value, KeyTables.Field, $"form field '{id}'", _d) is { } f)
            {
                type = f["type"] is { } t ? _r.Enum(t, $"type of form field '{id}'", Words.FieldType) : Missing<FieldType?>(f, "type", $"the type of form field '{id}'");
                label = _r.Text(f["label"], "label");
                required = _r.Bool(f["required"], "required") ?? false;
                options = _r.TextList(f["options"], "options");
                if (type == FieldType.Choice && options.IsEmpty)
                {
                    _d.Error(DiagnosticCodes.MissingKey, $"choice field '{id}' needs 'options', a list of the allowed values", f.KeyOf("type")?.Span ?? f.Span);
                }
                else if (type is not null && type != FieldType.Choice && f.KeyOf("options") is { } optKey)
                {
                    _d.Error(DiagnosticCodes.InvalidValue, $"'options' is only allowed on choice fields; field '{id}' is {type.Value.ToString().ToLowerInvariant()}", optKey.Span);
                }
            }
            else continue;
            b.Add(new FieldDefinition { Id = id, Label = label, Type = type ?? FieldType.String, Required = required, Options = options, Span = entry.Key.Span });
        }
        return b.ToImmutable();
    }

    private static IEnumerable<string> PeekMaterialIds(YNode? node)
    {
        if (node is not YSequence seq) yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in seq.Items)
        {
            if (item is YMapping m && m.Entries.FirstOrDefault(e => e.Key.Value == "id")?.Value is YScalar { IsNull: false } id && seen.Add(id.Value))
            {
                yield return id.Value;
            }
        }
    }

    private ImmutableArray<MaterialDefinition> ReadMaterials(YNode? node)
    {
        if (_r.Sequence(node, "materials") is not { } seq) return [];
        var b = ImmutableArray.CreateBuilder<MaterialDefinition>();
        var seen = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var item in seq.Items)
        {
            if (MapView.Open(item, KeyTables.Material, "material", _d) is not { } m) continue;
            var id = _r.RequiredText(m, "id", "the material id");
            var context = id is null ? "material" : $"material '{id}'";
            if (id is not null)
            {
                var idSpan = m["id"]!.Span;
                CheckId(id, idSpan, "material", IdPattern(), "letters, digits, '_', '-' and '.' starting with a letter");
                if (seen.TryGetValue(id, out var first))
                {
                    _d.Error(DiagnosticCodes.DuplicateMaterialId, $"duplicate material id '{id}'; it was first declared at line {first.Line}", idSpan);
                }
                else seen.Add(id, idSpan);
            }
            b.Add(new MaterialDefinition
            {
                Id = id ?? "",
                Name = _r.RequiredText(m, "name", $"the name of {context}") ?? "",
                Required = _r.Bool(m["required"], "required") ?? true,
                When = Condition(m["when"], $"'when' of {context}"),
                Form = _r.Text(m["form"], "form"),
                Copies = _r.Int(m["copies"], "copies", 1) ?? 1,
                Note = _r.Text(m["note"], "note"),
                Span = m.Span,
            });
        }
        return b.ToImmutable();
    }

    private PublicElements ReadPublicElements(MapView map)
    {
        var fees = ImmutableArray<FeeItem>.Empty;
        if (map["fees"] is YScalar { IsNull: false } feeWord)
        {
            if (feeWord.Value is not ("none" or "free" or "不收费"))
            {
                _d.Error(DiagnosticCodes.InvalidValue, $"fees must be 'none' or a list of fees ({{ name, amount, basis }}), found {feeWord.Describe()}", feeWord.Span);
            }
        }
        else if (map["fees"] is { } feeNode && _r.Sequence(feeNode, "fees") is { } feeSeq)
        {
            var fb = ImmutableArray.CreateBuilder<FeeItem>();
            foreach (var f in feeSeq.Items)
            {
                if (MapView.Open(f, KeyTables.Fee, "fee", _d) is not { } fm) continue;
                fb.Add(new FeeItem
                {
                    Name = _r.RequiredText(fm, "name", "the fee name") ?? "",
                    Amount = fm["amount"] is { } a ? _r.Decimal(a, "amount") ?? 0 : Missing(fm, "amount", "the fee amount in yuan", 0m),
                    Basis = _r.Text(fm["basis"], "basis"),
                });
            }
            fees = fb.ToImmutable();
        }
        return new PublicElements
        {
            Basis = _r.TextList(map["basis"], "basis"),
            Conditions = _r.TextList(map["conditions"], "conditions"),
            Procedure = _r.TextList(map["procedure"], "procedure"),
            Fees = fees,
            WindowAuthority = _r.Text(map["window"], "window"),
        };
    }

    private ImmutableArray<SupervisionOverride> ReadSupervision(YNode? node)
    {
        if (_r.Mapping(node, "supervision") is not { } mapping) return [];
        var map = MapView.OpenFree(mapping, "supervision", _d);
        var b = ImmutableArray.CreateBuilder<SupervisionOverride>();
        foreach (var entry in map.Entries)
        {
            var ruleId = entry.Key.Value;
            if (MapView.Open(entry.Value, KeyTables.SupervisionRule, $"supervision rule '{ruleId}'", _d) is not { } rule) continue;
            var parameters = ImmutableDictionary<string, string>.Empty;
            if (_r.Mapping(rule["parameters"], "parameters") is { } pm)
            {
                foreach (var p in MapView.OpenFree(pm, "parameters", _d).Entries)
                {
                    if (_r.Text(p.Value, $"parameter '{p.Key.Value}'") is { } value) parameters = parameters.SetItem(p.Key.Value, value);
                }
            }
            b.Add(new SupervisionOverride(ruleId, _r.Bool(rule["enabled"], "enabled"), _r.Enum(rule["level"], "level", Words.Level), parameters, entry.Key.Span));
        }
        return b.ToImmutable();
    }
}
