using OneStop.Testing;
namespace OneStop.Definitions.Tests.Loading;

/// <summary>Each <c>Fixtures/invalid/X.yaml</c> (one item) or <c>Fixtures/invalid/X/</c> (a catalogue) sits beside
/// <c>X.expected</c>: the exact diagnostics, one per line, as <c>file:line:col: error CODE: message (hint)</c>.
/// Set ONESTOP_UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review the diff.</summary>
public class GoldenFixtureTests
{
    private static string Invalid => Path.Combine(RepoPaths.Fixtures, "invalid");

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Invalid, "*.yaml").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        foreach (var d in Directory.GetDirectories(Invalid).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(d));
        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void LoadTexts_InvalidFixture_ReportsExactlyTheExpectedDiagnostics(string name)
    {
        var dir = Path.Combine(Invalid, name);
        var files = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.yaml").Order(StringComparer.Ordinal).ToArray()
            : [Path.Combine(Invalid, name + ".yaml")];
        var sources = files.Select(f => (Path.GetRelativePath(Invalid, f).Replace('\\', '/'), File.ReadAllText(f)));

        var result = CatalogueLoader.LoadTexts(sources);
        var actual = string.Join("\n", result.Diagnostics.Select(d => d.ToString())) + "\n";

        var expectedPath = Path.Combine(Invalid, name + ".expected");
        if (Environment.GetEnvironmentVariable("ONESTOP_UPDATE_GOLDEN") == "1") File.WriteAllText(expectedPath, actual);
        Assert.Null(result.Value);
        Assert.Equal(File.ReadAllText(expectedPath).ReplaceLineEndings("\n"), actual);
    }
}
