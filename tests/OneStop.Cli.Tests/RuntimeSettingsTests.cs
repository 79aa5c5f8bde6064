using System.Text.Json;

namespace OneStop.Cli.Tests;

/// <summary>The tool's runtime settings (docs/performance/simulator.md: round 5, session 26 pool27) reach the runtimeconfig it
/// runs with.</summary>
public sealed class RuntimeSettingsTests
{
    private static JsonElement ConfigProperties()
    {
        // The tool's runtimeconfig is copied beside its assembly into this test's output.
        var path = Path.Combine(Path.GetDirectoryName(typeof(CliApp).Assembly.Location)!, "onestop.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties").Clone();
    }

    [Fact]
    public void RuntimeConfig_DynamicPgo_IsOff() =>
        Assert.Equal(JsonValueKind.False, ConfigProperties().GetProperty("System.Runtime.TieredPGO").ValueKind);

    [Fact]
    public void RuntimeConfig_QuickJit_IsLeftAtItsDefault() =>
        Assert.False(ConfigProperties().TryGetProperty("System.Runtime.TieredCompilation.QuickJit", out _));

    [Fact]
    public void RuntimeConfig_ThreadPoolSpin_IsZero() =>
        Assert.Equal(0, ConfigProperties().GetProperty("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit").GetInt32());

    [Fact]
    public void RuntimeConfig_BackgroundGc_IsOff() =>
        Assert.Equal(JsonValueKind.False, ConfigProperties().GetProperty("System.GC.Concurrent").ValueKind);
}
