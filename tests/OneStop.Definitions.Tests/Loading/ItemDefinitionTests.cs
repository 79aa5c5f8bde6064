using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Flow;

namespace OneStop.Definitions.Tests.Loading;

public class ItemDefinitionTests
{
    [Fact]
    public void LoadItem_Header_FillsSchemaHashAndSource()
    {
        var text = SomeItem.Header.Replace("\n", "\r\n") + "flow:\r\n  - { step: s, role: clerk }\r\n";
        var item = CatalogueLoader.LoadItem(text, "x.yaml").GetValueOrThrow();

        var normalised = text.Replace("\r\n", "\n");
        Assert.Equal(normalised, item.SourceText);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised))), item.ContentHash);
        Assert.Equal("x.yaml", item.SourcePath);
        Assert.True(item.Schema.TryGetField("area", out var area));
        Assert.Equal(ValueKind.Decimal, area.Kind);
        Assert.True(item.Schema.TryGetField("stage", out var stage));
        Assert.Equal(["preparation", "formal"], stage.Options.ToArray());
        Assert.True(item.Schema.TryGetMaterial("donation", out var index));
        Assert.Equal(1, index);
        Assert.Equal("area > 100", item.Materials[1].When!.Text);
        Assert.Equal(TimeAmount.Workdays(20), item.Time.Statutory);
        Assert.True(item.Public.IsFree);
    }

    [Fact]
    public void LoadItem_SameTextDifferentLineEndings_SameHash()
    {
        var lf = SomeItem.Header + "flow: [{ step: s, role: clerk }]\n";
        var a = CatalogueLoader.LoadItem(lf, "a.yaml").GetValueOrThrow();
        var b = CatalogueLoader.LoadItem("\uFEFF" + lf.Replace("\n", "\r\n"), "b.yaml").GetValueOrThrow();
        var c = CatalogueLoader.LoadItem(lf.Replace("测试事项", "另一事项"), "c.yaml").GetValueOrThrow();

        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ContentHash, c.ContentHash);
    }

    [Fact]
    public void LoadTexts_TwoVersionsOfOneItem_Coexist()
    {
        var v1 = SomeItem.Header + "flow: [{ step: s, role: clerk }]\n";
        var v2 = v1.Replace("version: 1", "version: 2");
        var catalogue = CatalogueLoader.LoadTexts([("v1.yaml", v1), ("v2.yaml", v2)]).GetValueOrThrow();

        Assert.True(catalogue.TryGet("000100009999", 1, out var one));
        Assert.True(catalogue.TryGetLatest("000100009999", out var latest));
        Assert.Equal(1, one.Version);
        Assert.Equal(2, latest.Version);
    }

    [Fact]
    public void LoadTexts_AnyErrorInOneFile_LoadsNothing()
    {
        var good = SomeItem.Header + "flow: [{ step: s, role: clerk }]\n";
        var bad = good.Replace("000100009999", "000100009998").Replace("role: clerk", "role: nobody");
        var result = CatalogueLoader.LoadTexts([("good.yaml", good), ("bad.yaml", bad)]);

        Assert.Null(result.Value);
        Assert.Equal("OS2004", Assert.Single(result.Diagnostics).Code);
        Assert.Throws<DefinitionException>(() => result.GetValueOrThrow());
    }

    [Fact]
    public void LoadTexts_RolesFile_DeclaresRolesForEveryItem()
    {
        var item = SomeItem.Header + "flow: [{ step: s, role: center.window }]\n";
        var roles = "roles:\n  center.window: { name: 综合窗口, department: 政务服务中心 }\n";
        var catalogue = CatalogueLoader.LoadTexts([("roles.yaml", roles), ("item.yaml", item)]).GetValueOrThrow();

        Assert.Contains(catalogue.Items[0].Roles, r => r is { Id: "center.window", Department: "政务服务中心" });
    }

    [Fact]
    public void CompiledModel_HasNoPublicSetters()
    {
        var types = typeof(ItemDefinition).Assembly.GetExportedTypes()
            .Where(t => t.Namespace is "OneStop.Definitions" or "OneStop.Definitions.Flow" && !t.IsEnum && !typeof(Exception).IsAssignableFrom(t));
        var offenders = new List<string>();
        foreach (var t in types)
        {
            foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.SetMethod is { IsPublic: true }) offenders.Add($"{t.Name}.{p.Name}");
            }
        }
        Assert.True(types.Count() > 20);
        Assert.Empty(offenders);
    }
}
