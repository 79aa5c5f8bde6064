using OneStop.Testing;
using OneStop.Cli;

namespace OneStop.Cli.Tests;

public class CliTests
{
    private static string Root => RepoPaths.Root;

    private static string Samples => Path.Combine(Root, "samples", "definitions");

    private static string Invalid => Path.Combine(Root, "tests", "OneStop.Definitions.Tests", "Fixtures", "invalid");

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Check_Samples_ExitsZero()
    {
        var (code, output, _) = Run("check", Samples);

        Assert.Equal(0, code);
        Assert.Contains("ok: 6 item version(s)", output);
    }

    [Fact]
    public void Check_InvalidFile_PrintsEveryErrorWithPositionAndExitsOne()
    {
        var file = Path.Combine(Invalid, "duplicates.yaml");
        var (code, output, _) = Run("check", file);

        Assert.Equal(1, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal($"{file}:4:1: error OS1004: duplicate key 'name' in item; it was first given at line 3", lines[0]);
        Assert.StartsWith($"{file}:15:13: error OS2001: duplicate step id 'review'", lines[3]);
        Assert.Equal("4 error(s); nothing loaded", lines[4]);
    }

    [Fact]
    public void Check_MissingPath_ExitsOne()
    {
        var (code, _, error) = Run("check", Path.Combine(Root, "no-such-dir"));

        Assert.Equal(1, code);
        Assert.Contains("no such file or directory", error);
    }

    [Fact]
    public void Check_NoArguments_IsAUsageError()
    {
        var (code, _, _) = Run("check");

        Assert.NotEqual(0, code);
    }

    [Fact]
    public void Graph_ItemCodeInCatalogue_PrintsMermaidWithEveryConstruct()
    {
        var (code, output, _) = Run("graph", "990000001000", "--catalogue", Samples);

        Assert.Equal(0, code);
        Assert.StartsWith("flowchart TD\n", output);
        Assert.Contains("n2_fork{{\"并联 premises-check\"}}", output);
        Assert.Contains("汇合：任一通过", output);
        Assert.Contains("[[\"子事项 000201005000 v1\"]]", output);
        Assert.Contains("n12 -->|\"outdoor_sign\"| n14", output);
        Assert.Contains("n12 -->|\"否则\"| n16", output);
    }

    [Fact]
    public void Graph_File_DrawsReturnsAsDottedEdges()
    {
        var (code, output, _) = Run("graph", Path.Combine(Samples, "natural-resources", "mining-licence.yaml"));

        Assert.Equal(0, code);
        Assert.Contains("-.->|退回 city-intake|", output);
        Assert.Contains("汇合：2 个分支通过", output);
        Assert.Contains("票签 ×5", output);
    }

    [Fact]
    public void Graph_UnknownCode_ExitsOne()
    {
        var (code, _, error) = Run("graph", "nope", "--catalogue", Samples);

        Assert.Equal(1, code);
        Assert.Contains("no item 'nope'", error);
    }

    [Fact]
    public void Guide_PrivateSchool_PrintsEightElementsConditionalMaterialsAndLimitsInWords()
    {
        var (code, output, _) = Run("guide", "民办学校办学许可", "-c", Samples);

        Assert.Equal(0, code);
        foreach (var heading in new[] { "一、事项名称", "二、设定依据", "三、申请条件", "四、申请材料", "五、办理程序", "六、办理时限", "七、收费标准", "八、受理机关及窗口" })
        {
            Assert.Contains("## " + heading, output);
        }
        Assert.Contains("| 4 | 捐赠协议 | 必需 | 当是否有捐赠资产为是时（条件：`donated_assets`）", output);
        Assert.Contains("当申请阶段 为 'formal'时（条件：`stage == 'formal'`）", output);
        Assert.Contains("- 法定办结时限：20 个工作日", output);
        Assert.Contains("- 承诺办结时限：15 个工作日", output);
        Assert.Contains("实地核查（当申请阶段 为 'formal'时）", output);
        Assert.Contains("不收费。", output);
        Assert.Contains("- 受理窗口：市政务服务中心教育窗口", output);
    }

    [Fact]
    public void Guide_InvalidFile_PrintsDiagnosticsAndExitsOne()
    {
        var (code, output, _) = Run("guide", Path.Combine(Invalid, "time-limits.yaml"));

        Assert.Equal(1, code);
        Assert.Contains("error OS2007", output);
    }

}
