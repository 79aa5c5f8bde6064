// OneStop QuickStart: loads the sample catalogue, runs three cases end to end on the in-memory store and prints
// each case's timeline. Run from the repository root: dotnet run --project samples/QuickStart
using Microsoft.Extensions.DependencyInjection;
using OneStop;
using OneStop.Definitions.Flow;
using OneStop.Engine;
using OneStop.Samples.QuickStart;

Console.OutputEncoding = System.Text.Encoding.UTF8;
var definitions = SamplePaths.FindDefinitions();
var notices = new ConsoleNotificationSink();
var services = new ServiceCollection();
services.AddOneStop(b => b
    .UseCatalogue(definitions)
    .AddNotificationSink(notices)
    .UseOutboxWorker(false));
await using var provider = services.BuildServiceProvider();
var engine = provider.GetRequiredService<ICaseEngine>();
var run = new Scenario(engine);

// 1. 企业开办（联办件）: a correction notice, a return from a parallel branch to the start, four parallel approvals.
var enterprise = await run.SubmitAsync("000201005000", "星河科技有限公司",
    new() { ["enterprise_type"] = "limited", ["need_invoice"] = "true", ["employees"] = "12", ["shareholders"] = "王五,赵六" },
    "registration-form", "premises-proof");
await run.ActAsync(new RequestCorrection(enterprise, "窗口-陈", run.Key(),
    [new CorrectionItem("articles", "缺少公司章程"), new CorrectionItem("shareholder-ids", "缺少股东身份证明")]));
await run.ActAsync(new Resubmit(enterprise, "星河科技有限公司", run.Key(), ["articles", "shareholder-ids"]));
await run.ActAsync(new Accept(enterprise, "窗口-陈", run.Key()));
await run.ApproveAsync(enterprise, "intake", "窗口-陈");
await run.ActAsync(new ReturnTask(enterprise, "登记-刘", run.Key(), await run.TaskAsync(enterprise, "licence"), "intake", "经营范围表述不规范，退回窗口核对"));
await run.ApproveAsync(enterprise, "intake", "窗口-陈", "已与申请人核对经营范围");
foreach (var (step, actor) in new[] { ("licence", "登记-刘"), ("seal", "公安-孙"), ("invoice", "税务-周"), ("social", "人社-吴") })
    await run.ApproveAsync(enterprise, step, actor);
await run.ApproveAsync(enterprise, "hand-out", "窗口-陈");
await run.ActAsync(new Deliver(enterprise, "窗口-陈", run.Key(), "窗口领取", "91330100MA2XXXXX01"));

// 2. 企业开办: the seal branch denies — 一票否决 cancels the sibling tasks and denies the case.
var vetoed = await run.SubmitAsync("000201005000", "月光贸易合伙企业",
    new() { ["enterprise_type"] = "partnership", ["need_invoice"] = "true", ["employees"] = "3" },
    "registration-form", "premises-proof", "partnership-agreement");
await run.ActAsync(new Accept(vetoed, "窗口-陈", run.Key()));
await run.ApproveAsync(vetoed, "intake", "窗口-陈");
await run.ApproveAsync(vetoed, "licence", "登记-刘");
await run.ActAsync(new DenyTask(vetoed, "公安-孙", run.Key(), await run.TaskAsync(vetoed, "seal"), "法定代表人身份核验未通过"));
await run.ActAsync(new Deliver(vetoed, "窗口-陈", run.Key(), "邮寄送达"));

// 3. 民办学校办学许可（正式设立）: site inspection as a special procedure, a panel of three (会签), the decision.
var school = await run.SubmitAsync("000104002000", "启明教育基金会",
    new() { ["stage"] = "formal", ["school_type"] = "primary", ["registered_capital"] = "800" },
    "application", "sponsor-id", "capital-proof", "charter", "principal", "premises");
await run.ActAsync(new Accept(school, "教育窗口-郑", run.Key()));
await run.ApproveAsync(school, "accept-review", "民教科-冯");
await run.ActAsync(new Suspend(school, "民教科-冯", run.Key(), SpecialProcedureKind.SiteInspection, "组织实地核查校舍与设施"));
await run.ActAsync(new Resume(school, "民教科-冯", run.Key(), "实地核查合格"));
await run.ApproveAllAsync(school, "inspection", "核查组");
await run.ApproveAllAsync(school, "panel", "审议组");
await run.ApproveAsync(school, "decide", "分管局领导-何");
await run.ActAsync(new Deliver(school, "教育窗口-郑", run.Key(), "窗口领取", "教民1101号"));

foreach (var number in new[] { enterprise, vetoed, school }) await run.PrintAsync(number);
Console.WriteLine($"通知（发件箱投递）共 {notices.Count} 条。");
