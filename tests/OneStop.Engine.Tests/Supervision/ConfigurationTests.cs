using Microsoft.Extensions.DependencyInjection;
using OneStop.Definitions;
using OneStop.Engine.Supervision;
using OneStop.Engine.Supervision.Configuration;

namespace OneStop.Engine.Tests.Supervision;

public class ConfigurationTests
{
    private static IReadOnlyList<Diagnostic> Errors(string yaml) =>
        SupervisionConfigReader.Read(yaml, "supervision.yaml").Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();

    [Fact]
    public void Read_UnknownRuleId_ReportsPositionAndSuggestion()
    {
        var d = Assert.Single(Errors("""
            rules:
              process.second-corection: { level: red }
            """));

        Assert.Equal("OS4001", d.Code);
        Assert.Equal("supervision.yaml:2:3", d.Span!.ToString());
        Assert.Equal("did you mean 'process.second-correction'?", d.Hint);
    }

    [Fact]
    public void Read_BadLevel_ReportsAtTheValue()
    {
        var d = Assert.Single(Errors("""
            rules:
              time.case-overdue:
                level: orange
            """));

        Assert.Equal("OS1006", d.Code);
        Assert.Equal("supervision.yaml:3:12", d.Span!.ToString());
        Assert.Contains("reminder, yellow, red", d.Message);
    }

    [Fact]
    public void Read_BadParameterValue_ReportsAtTheValue()
    {
        var d = Assert.Single(Errors("""
            rules:
              process.repeated-returns:
                parameters: { max: many }
            """));

        Assert.Equal("OS4003", d.Code);
        Assert.Equal("supervision.yaml:3:24", d.Span!.ToString());
        Assert.Contains("whole number", d.Message);
    }

    [Fact]
    public void Read_UnknownParameter_ReportsAtTheKeyWithTheRulesParameter()
    {
        var d = Assert.Single(Errors("""
            rules:
              process.repeated-returns:
                parameters: { maxx: 3 }
            """));

        Assert.Equal("OS4002", d.Code);
        Assert.Equal("supervision.yaml:3:19", d.Span!.ToString());
        Assert.Equal("did you mean 'max'?", d.Hint);
    }

    [Fact]
    public void Read_UnknownKeyAndBadSuperviseTime_ReportsEveryProblem()
    {
        var errors = Errors("""
            enabeld: true
            supervise:
              red: soon
            """);

        Assert.Equal(["OS1002 supervision.yaml:1:1", "OS1010 supervision.yaml:3:8"], errors.Select(e => e.Code + " " + e.Span));
        Assert.Equal("did you mean 'enabled'?", errors[0].Hint);
    }

    [Fact]
    public void Read_CustomRuleExpressionError_ReportsInsideTheExpression()
    {
        var errors = Errors("""
            custom:
              many-returns:
                level: yellow
                when: case.retruns > 3
            """);

        var d = Assert.Single(errors);
        Assert.StartsWith("OS3", d.Code);
        Assert.Equal("supervision.yaml:4:11", d.Span!.ToString());
        Assert.Equal("did you mean 'case.returns'?", d.Hint);
    }

    [Fact]
    public void Read_CustomRuleTypeErrorAndMissingLevel_ReportsBoth()
    {
        var errors = Errors("""
            custom:
              Bad_Name:
                when: case.state == 'open'
            """);

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Code == "OS4004" && e.Span!.ToString() == "supervision.yaml:2:3");
        Assert.Contains(errors, e => e.Code == "OS1005");
        Assert.Contains(errors, e => e.Code.StartsWith("OS3", StringComparison.Ordinal) && e.Span!.Line == 3);
    }

    [Fact]
    public void Read_ValidConfiguration_AppliesSettings()
    {
        var result = SupervisionConfigReader.Read("""
            supervise: { red: 2 workdays, reminder: 5 workdays }
            rules:
              process.repeated-returns: { level: red, parameters: { max: 5 } }
              time.case-near-due: { enabled: false }
            custom:
              big-fee: { level: yellow, when: case.fee > 100, message: 收费超过100元 }
            """, "supervision.yaml");

        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        var c = result.Value!;
        Assert.Equal(TimeAmount.Workdays(2), c.Supervise[(int)AlertLevel.Red]);
        Assert.Equal(TimeAmount.Workdays(5), c.Supervise[(int)AlertLevel.Reminder]);
        Assert.Equal(TimeAmount.Workdays(3), c.Supervise[(int)AlertLevel.Yellow]);
        Assert.Equal(AlertLevel.Red, c.Rules["process.repeated-returns"].Level);
        Assert.False(c.Rules["time.case-near-due"].Enabled);
        Assert.Equal("custom.big-fee", Assert.Single(c.Custom).Id);
    }

    [Fact]
    public void Compile_ItemOverrideWithUnknownRuleAndBadParameter_ReportsAtTheOverride()
    {
        var item = SupervisionItems.Basic.Replace("flow:", """
            supervision:
              process.repeated-returns: { parameters: { max: -1 } }
              time.step-overdu: { level: red }
            flow:
            """);
        var errors = new List<string>();

        SupervisionRegistration.Compile(new SupervisionOptions(), SupervisionItems.Catalogue(item.Replace("000600000001", "000600000009")), errors);

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("item4.yaml:17:3: error OS4003", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("item4.yaml:18:3: error OS4001", StringComparison.Ordinal) && e.Contains("time.step-overdue"));
    }

    [Fact]
    public void AddOneStop_InvalidSupervisionConfiguration_ThrowsWithEveryError()
    {
        var services = new ServiceCollection();

        var ex = Assert.Throws<OneStopConfigurationException>(() => services.AddOneStop(b => b
            .UseCatalogue(SupervisionItems.Catalogue())
            .ConfigureSupervision(o => o.ConfigurationText = "rules:\n  nope: {}\n  time.case-overdue: { level: pink }\n")));

        Assert.Equal(2, ex.Errors.Count);
        Assert.StartsWith("supervision.yaml:2:3: error OS4001", ex.Errors[0]);
        Assert.StartsWith("supervision.yaml:3:31: error OS1006", ex.Errors[1]);
    }

    [Fact]
    public async Task AddOneStop_ItemOverrides_DisableAndRelevelPerItem()
    {
        var item = SupervisionItems.Basic.Replace("000600000001", "000600000009").Replace("flow:", """
            supervision:
              process.repeated-returns: { level: red, parameters: { max: "0" } }
              process.off-system-decision: { enabled: false }
            flow:
            """);
        using var host = new SupervisionHost(SupervisionItems.Catalogue(item));
        var n = await host.AcceptedAsync("000600000009");
        await host.ApproveAsync(n, "review");
        await host.ReturnAsync(n, "decide");

        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合条件"));

        Assert.Equal(AlertLevel.Red, Assert.Single(await host.AlertsAsync(n, SupervisionRules.RepeatedReturns)).Level);
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision));
    }
}
