using Microsoft.Extensions.Logging.Abstractions;
using OneStop.Definitions;
using OneStop.Engine.Observability;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Testing;

namespace OneStop.Engine.Tests;

/// <summary>Small item texts for runtime tests. Each is a complete item; <see cref="Item"/> builds one around a flow.</summary>
internal static class SomeItems
{
    public static readonly DateTimeOffset Start = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);

    public static string Item(string code, string flow, string kind = "promised", string extra = "") => $"""
        item: "{code}"
        version: 1
        name: 测试事项{code[^2..]}
        department: 市测试局
        kind: {kind}
        roles:
          clerk: {"{"} name: 经办人, department: 市测试局 {"}"}
          boss: {"{"} name: 负责人, department: 市测试局 {"}"}
          a: {"{"} name: 甲, department: 甲局 {"}"}
          b: {"{"} name: 乙, department: 乙局 {"}"}
          c: {"{"} name: 丙, department: 丙局 {"}"}
          d: {"{"} name: 丁, department: 丁局 {"}"}
        form:
          stage: {"{"} type: choice, options: [preparation, formal] {"}"}
          area: {"{"} type: decimal {"}"}
          urgent: {"{"} type: bool {"}"}
        materials:
          - {"{"} id: report, name: 报告 {"}"}
          - {"{"} id: plan, name: 方案 {"}"}
          - {"{"} id: licence, name: 证照 {"}"}
        {extra}
        flow:
        {Indent(flow)}
        """;

    private static string Indent(string text) => string.Join("\n", text.Split('\n').Select(l => "  " + l));

    /// <summary>One review step.</summary>
    public const string SimpleCode = "000100000001";
    public static string Simple => Item(SimpleCode, """
        - { step: review, name: 审查, role: clerk }
        - { step: decide, name: 决定, role: boss, return-to: [previous, review] }
        """);

    /// <summary>An immediate item.</summary>
    public const string ImmediateCode = "000100000002";
    public static string Immediate => Item(ImmediateCode, "- { step: window, role: clerk }", kind: "immediate");

    /// <summary>Intake, four parallel branches (veto), hand-out.</summary>
    public const string JointCode = "000100000003";
    public static string Joint => Item(JointCode, """
        - { step: intake, role: clerk }
        - parallel:
            id: joint
            join: all
            branches:
              ba:
                - { step: sa, role: a, return-to: [start] }
              bb:
                - { step: sb, role: b }
              bc:
                - { step: sc, role: c }
              bd:
                - { step: sd, role: d }
        - { step: handout, role: clerk }
        """, kind: "joint");

    /// <summary>Deemed approval allowed.</summary>
    public const string DeemedCode = "000100000004";
    public static string Deemed => Item(DeemedCode, "- { step: review, role: clerk }", extra: "time: { statutory: 20 workdays, on-timeout: deemed-approved }");

    public static Catalogue Catalogue(params string[] texts)
    {
        var result = CatalogueLoader.LoadTexts(texts.Select((t, i) => ($"item{i}.yaml", t)));
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return result.Value!;
    }

    public static Catalogue Standard() => Catalogue(Simple, Immediate, Joint, Deemed);
}

/// <summary>An engine over an in-memory store and a fake clock, with recording hooks.</summary>
internal sealed class TestHost : IDisposable
{
    private static int s_hosts;
    private readonly string _prefix = "k" + Interlocked.Increment(ref s_hosts) + "-";
    private int _key;

    public TestHost(Catalogue? catalogue = null, IActorAuthorizer? authorizer = null, IEnumerable<IServiceHandler>? services = null,
        ICaseStore? store = null, FakeTimeProvider? clock = null, OneStopOptions? options = null)
    {
        Clock = clock ?? new FakeTimeProvider(SomeItems.Start, TimeZoneInfo.CreateCustomTimeZone("CST", TimeSpan.FromHours(8), "CST", "CST"));
        Store = store ?? new InMemoryCaseStore();
        Engine = new CaseEngine(Store, catalogue ?? SomeItems.Standard(), Clock, authorizer ?? new Hooks.AllowAllAuthorizer(),
            new Hooks.DefaultCaseNumberGenerator(Store, Clock), [Sink], services ?? [], [], NullLogger.Instance, new EngineTelemetry(), options ?? new OneStopOptions());
    }

    public FakeTimeProvider Clock { get; }
    public ICaseStore Store { get; }
    public CaseEngine Engine { get; }
    public RecordingSink Sink { get; } = new();

    public string Key() => _prefix + Interlocked.Increment(ref _key);

    public async Task<string> SubmitAsync(string item, Dictionary<string, string>? form = null, params string[] materials)
    {
        var r = await Engine.SubmitAsync(new SubmitCase(item, "张三", "applicant", Key()) { Form = form ?? [], Materials = materials });
        return r.CaseNumber;
    }

    public async Task<string> AcceptedAsync(string item, Dictionary<string, string>? form = null)
    {
        var number = await SubmitAsync(item, form, "report");
        await Engine.ExecuteAsync(new Accept(number, "window", Key()));
        return number;
    }

    public async Task<CaseView> ViewAsync(string number) => (await Engine.GetCaseAsync(number))!;

    public async Task<TaskView> TaskAsync(string number, string stepId) =>
        (await ViewAsync(number)).OpenTasks.First(t => t.StepId == stepId);

    public async Task<CommandResult> ApproveAsync(string number, string stepId, string actor = "staff") =>
        await Engine.ExecuteAsync(new ApproveTask(number, actor, Key(), (await TaskAsync(number, stepId)).TaskId));

    public async Task<CommandResult> DenyAsync(string number, string stepId, string actor = "staff") =>
        await Engine.ExecuteAsync(new DenyTask(number, actor, Key(), (await TaskAsync(number, stepId)).TaskId, "不符合条件"));

    /// <summary>Asserts that replaying the whole log, the store's snapshot with the events after it replayed, and the
    /// state the engine committed (when its cache still holds it) are the same case.</summary>
    public async Task AssertReplayEqualsSnapshotAsync(string number)
    {
        var replayed = await Engine.ReplayAsync(number);
        var stored = await Engine.StoredSnapshotAsync(number);
        Assert.Equal(Json(stored), Json(replayed));
        if (await Engine.CachedSnapshotAsync(number) is { } live) Assert.Equal(Json(live), Json(stored));
    }

    /// <summary>The snapshot's JSON from the generated serializer; the engine's own snapshot writer must write the same
    /// bytes for it (checked for every snapshot a test compares).</summary>
    public static string Json(OneStop.Engine.Flow.CaseSnapshot s)
    {
        Serialization.SnapshotJsonWriterTests.AssertSameBytes(s);
        return System.Text.Json.JsonSerializer.Serialize(s, OneStop.Engine.Serialization.EngineJsonContext.Default.CaseSnapshot);
    }

    public void Dispose() => Engine.Dispose();
}

/// <summary>Records every notice it gets.</summary>
internal sealed class RecordingSink : INotificationSink
{
    public List<NotificationArguments> Received { get; } = [];

    public ValueTask SendAsync(NotificationArguments arguments, CancellationToken cancellationToken)
    {
        lock (Received) Received.Add(arguments);
        return ValueTask.CompletedTask;
    }
}
