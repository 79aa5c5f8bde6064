using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Flow;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Loading;

/// <summary>Reads one item file into an <see cref="ItemDefinition"/>, reporting every problem it finds.
/// Split by concern: <c>ItemReader.Form.cs</c>, <c>.Time.cs</c>, <c>.Flow.cs</c>, <c>.Step.cs</c>.</summary>
internal sealed partial class ItemReader
{
    private readonly string _file;
    private readonly string[] _lines;
    private readonly DiagnosticBag _d;
    private readonly ScalarReader _r;
    private readonly IReadOnlyDictionary<string, RoleDefinition>? _catalogueRoles;
    private readonly Dictionary<string, RoleDefinition> _roles = new(StringComparer.Ordinal);
    private readonly List<(string Role, SourceSpan Span)> _roleUses = [];
    private ExpressionSchema _schema = ExpressionSchema.Empty;
    private ItemKind _kind = ItemKind.Promised;

    private ItemReader(string file, string text, DiagnosticBag diagnostics, IReadOnlyDictionary<string, RoleDefinition>? catalogueRoles)
    {
        _file = file;
        _lines = text.Split('\n');
        _d = diagnostics;
        _r = new ScalarReader(diagnostics);
        _catalogueRoles = catalogueRoles;
    }

    /// <summary>Normalises text the way the content hash sees it: no BOM, LF line endings.</summary>
    public static string Normalise(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        return text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;
    }

    /// <summary>Reads one item. <paramref name="catalogueRoles"/> null means roles declared outside the file
    /// are unknown (single-item loading), so only the item's own roles are checked.</summary>
    public static ParsedItem? Read(string text, string file, DiagnosticBag diagnostics, IReadOnlyDictionary<string, RoleDefinition>? catalogueRoles)
    {
        var normalised = Normalise(text);
        var errorsBefore = diagnostics.ErrorCount;
        var root = YamlDocumentReader.Read(normalised, file, diagnostics);
        if (root is null) return null;
        var reader = new ItemReader(file, normalised, diagnostics, catalogueRoles);
        var item = reader.ReadItem(root, normalised);
        return diagnostics.ErrorCount > errorsBefore ? null : item;
    }

    /// <summary>Reads a catalogue-level <c>roles.yaml</c>.</summary>
    public static ImmutableArray<(RoleDefinition Role, SourceSpan Span)> ReadRolesFile(string text, string file, DiagnosticBag diagnostics)
    {
        var root = YamlDocumentReader.Read(Normalise(text), file, diagnostics);
        if (root is null) return [];
        var reader = new ItemReader(file, text, diagnostics, null);
        var map = MapView.Open(root, KeyTables.RolesFile, "roles file", diagnostics);
        if (map?["roles"] is not { } rolesNode) return [];
        return reader.ReadRoles(rolesNode);
    }

    private ParsedItem? ReadItem(YNode root, string text)
    {
        var map = MapView.Open(root, KeyTables.Item, "item", _d);
        if (map is null) return null;

        var code = _r.RequiredText(map, "item", "the item code");
        var version = map["version"] is { } v ? _r.Int(v, "version", 1) : Missing<int?>(map, "version", "the version (a whole number from 1)");
        var name = _r.RequiredText(map, "name", "the item name");
        var department = _r.RequiredText(map, "department", "the responsible department");
        _kind = _r.Enum(map["kind"], "kind", Words.Kind) ?? (map.Has("kind") ? ItemKind.Promised : Missing(map, "kind", "the kind (immediate, promised, joint or referred)", ItemKind.Promised));

        if (map["roles"] is { } rolesNode)
        {
            foreach (var (role, _) in ReadRoles(rolesNode)) _roles[role.Id] = role;
        }

        var form = ReadForm(map["form"]);
        var materialIds = PeekMaterialIds(map["materials"]);
        _schema = ExpressionSchema.Create(
            form.Select(f => (f.Id, KindOf(f.Type), f.Options)),
            materialIds);
        var materials = ReadMaterials(map["materials"]);
        var publicElements = ReadPublicElements(map);
        var time = ReadTime(map["time"]);
        var supervision = ReadSupervision(map["supervision"]);

        var flowBuilder = new FlowBuilder(this);
        SequenceDefinition flow;
        if (map["flow"] is { } flowNode) flow = flowBuilder.BuildRoot(flowNode);
        else
        {
            Missing<object>(map, "flow", "the flow (a list of steps and blocks)");
            flow = new SequenceDefinition { Id = "flow", Span = map.Span };
        }
        flowBuilder.Finish();
        CheckRoleUses();

        var definition = new ItemDefinition
        {
            ItemCode = code ?? "",
            Version = version ?? 0,
            Name = name ?? "",
            Department = department ?? "",
            Kind = _kind,
            Public = publicElements,
            Roles = [.. UsableRoles()],
            Form = form,
            Schema = _schema,
            Materials = materials,
            Time = time,
            Flow = flow,
            Nodes = flowBuilder.Nodes,
            Steps = flowBuilder.Steps.ToFrozenDictionary(StringComparer.Ordinal),
            Supervision = supervision,
            ContentHash = Hash(text),
            SourceText = text,
            SourcePath = _file,
        };
        var codeSpan = map["item"]?.Span ?? map.Span;
        return new ParsedItem(definition, codeSpan, flowBuilder.Subcases.ToImmutable());
    }

    private T Missing<T>(MapView map, string key, string what, T fallback = default!)
    {
        _d.Error(DiagnosticCodes.MissingKey, $"{what} is missing; expected key '{key}'", map.Span);
        return fallback;
    }

    private IEnumerable<RoleDefinition> UsableRoles()
    {
        var all = new Dictionary<string, RoleDefinition>(StringComparer.Ordinal);
        if (_catalogueRoles is not null)
        {
            foreach (var (id, role) in _catalogueRoles) all[id] = role;
        }
        foreach (var (id, role) in _roles) all[id] = role;
        return all.Values.OrderBy(r => r.Id, StringComparer.Ordinal);
    }

    private void UseRole(string role, SourceSpan span) => _roleUses.Add((role, span));

    private void CheckRoleUses()
    {
        foreach (var (role, span) in _roleUses)
        {
            if (_roles.ContainsKey(role)) continue;
            if (_catalogueRoles is null || _catalogueRoles.ContainsKey(role)) continue;
            var known = _roles.Keys.Concat(_catalogueRoles.Keys).ToList();
            _d.Error(DiagnosticCodes.UndefinedRole,
                $"undefined role '{role}'; declare it under 'roles:' in this item or in the catalogue's roles.yaml",
                span, EditDistance.Hint(role, known));
        }
    }

    private static ValueKind KindOf(FieldType type) => type switch
    {
        FieldType.Int => ValueKind.Int,
        FieldType.Decimal => ValueKind.Decimal,
        FieldType.Bool => ValueKind.Bool,
        FieldType.Date => ValueKind.Date,
        FieldType.List => ValueKind.List,
        _ => ValueKind.String,
    };

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private CompiledExpression? Condition(YNode? node, string what)
        => node is null ? null : ExpressionBinder.Compile(node, _schema, what, _lines, _d);
}
