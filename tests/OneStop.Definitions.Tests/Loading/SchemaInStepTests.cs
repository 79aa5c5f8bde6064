using System.Text.Json;
using OneStop.Definitions.Loading;

namespace OneStop.Definitions.Tests.Loading;

public class SchemaInStepTests
{
    private static JsonElement Defs()
    {
        using var doc = JsonDocument.Parse(ItemSchema.ReadText());
        return doc.RootElement.GetProperty("$defs").Clone();
    }

    [Fact]
    public void Schema_EveryLoaderKeyTable_MatchesTheSchemaPropertiesBothWays()
    {
        var defs = Defs();
        foreach (var (name, keys) in KeyTables.ByName)
        {
            Assert.True(defs.TryGetProperty(name, out var def), $"schema has no $defs/{name}");
            var schemaKeys = def.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(keys.Order(StringComparer.Ordinal).ToArray(), schemaKeys);
            Assert.False(def.GetProperty("additionalProperties").GetBoolean(), $"$defs/{name} must reject unknown keys like the loader");
        }
    }

    [Fact]
    public void Schema_EveryClosedObject_HasALoaderKeyTable()
    {
        foreach (var def in Defs().EnumerateObject())
        {
            if (def.Value.TryGetProperty("properties", out _)) Assert.True(KeyTables.ByName.ContainsKey(def.Name), $"$defs/{def.Name} has no loader key table");
        }
    }

    [Fact]
    public void Schema_EnumsOfWords_MatchTheLoader()
    {
        var defs = Defs();
        string[] Enum(string def, string prop) => defs.GetProperty(def).GetProperty("properties").GetProperty(prop).GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).ToArray();

        Assert.Equal(Words.Kind.Keys.Order(), Enum("item", "kind").Order());
        Assert.Equal(Words.Mode.Keys.Order(), Enum("step", "mode").Order());
        Assert.Equal(Words.Join.Keys.Order(), Enum("parallel", "join").Order());
        Assert.Equal(Words.FieldType.Keys.Order(), Enum("field", "type").Order());
        Assert.Equal(Words.SpecialProcedure.Keys.Order(), Enum("specialProcedure", "kind").Order());
        Assert.Equal(Words.Timeout.Keys.Order(), Enum("onTimeout", "action").Order());
        Assert.Equal(Words.Level.Keys.Order(), Enum("warning", "level").Order());
    }
}
