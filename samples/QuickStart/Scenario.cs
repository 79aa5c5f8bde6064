using OneStop.Engine;

namespace OneStop.Samples.QuickStart;

/// <summary>Small helpers that keep the scenario readable: idempotency keys, finding tasks, printing timelines.</summary>
internal sealed class Scenario(ICaseEngine engine)
{
    private int _key;

    public string Key() => "quickstart-" + (++_key);

    public async Task<string> SubmitAsync(string item, Dictionary<string, string> form, string applicant, params string[] materials)
    {
        var r = await engine.SubmitAsync(new SubmitCase(item, applicant, applicant, Key()) { Form = form, Materials = materials });
        await engine.ProcessOutboxAsync();
        return r.CaseNumber;
    }

    public Task<string> SubmitAsync(string item, string applicant, Dictionary<string, string> form, params string[] materials) =>
        SubmitAsync(item, form, applicant, materials);

    public async Task ActAsync(CaseCommand command)
    {
        await engine.ExecuteAsync(command);
        await engine.ProcessOutboxAsync();
    }

    public async Task<string> TaskAsync(string caseNumber, string stepId)
    {
        var view = await engine.GetCaseAsync(caseNumber) ?? throw new InvalidOperationException(caseNumber);
        return view.OpenTasks.First(t => t.StepId == stepId).TaskId;
    }

    public async Task ApproveAsync(string caseNumber, string stepId, string actor, string? opinion = null) =>
        await ActAsync(new ApproveTask(caseNumber, actor, Key(), await TaskAsync(caseNumber, stepId), opinion ?? "同意"));

    public async Task ApproveAllAsync(string caseNumber, string stepId, string actorPrefix)
    {
        var view = await engine.GetCaseAsync(caseNumber) ?? throw new InvalidOperationException(caseNumber);
        var i = 0;
        foreach (var task in view.OpenTasks.Where(t => t.StepId == stepId).ToList())
            await ActAsync(new ApproveTask(caseNumber, actorPrefix + "-" + (++i), Key(), task.TaskId, "同意"));
    }

    public async Task PrintAsync(string caseNumber)
    {
        var view = await engine.GetCaseAsync(caseNumber) ?? throw new InvalidOperationException(caseNumber);
        Console.WriteLine();
        Console.WriteLine($"== {view.CaseNumber} 《{view.ItemName}》 申请人 {view.Applicant}：{view.State} {view.Outcome}");
        foreach (var e in view.Timeline)
        {
            if (e.Type is "flow.node-started.v1") continue;
            Console.WriteLine($"  {e.Sequence,3} {e.At:MM-dd HH:mm} {e.Actor,-12} {e.Summary}");
        }
    }
}
