using OneStop.Testing;
namespace OneStop.Definitions.Tests.Loading;

public class SamplesTests
{
    [Fact]
    public void LoadDirectory_Samples_LoadsWithoutDiagnostics()
    {
        var result = CatalogueLoader.LoadDirectory(RepoPaths.Samples);

        Assert.True(result.Diagnostics.IsEmpty, string.Join(Environment.NewLine, result.Diagnostics));
        Assert.NotNull(result.Value);
        Assert.Equal(6, result.Value.Items.Length);
    }
}
