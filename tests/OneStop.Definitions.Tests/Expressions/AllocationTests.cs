using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Tests.Expressions;

public class AllocationTests
{
    [Theory]
    [InlineData("stage == 'formal' and area > 200 and has('report')")]
    [InlineData("stage in ['formal', 'preparation'] or not donated_assets")]
    [InlineData("'民办' in tags and len(applicant.name) > 1 and starts_with(applicant.name, '张')")]
    [InlineData("days_between(opening, today()) < 90 and year(add_days(opening, 30)) == 2025")]
    [InlineData("coalesce(applicant.age, 0) * 2 + area / 3 > 100 and students % 7 != 0")]
    [InlineData("area / 0 == null or is_null(applicant.name)")]
    [InlineData("tags == ['民办', '中学'] or applicant.age in [18, 35]")]
    public void Evaluate_AfterWarmUp_AllocatesNothing(string text)
    {
        var condition = Some.Compile(text);
        var input = Some.Input();
        var missing = Some.Input().With("area", Value.Null).With("applicant.name", Value.Null);
        for (var i = 0; i < 100; i++)
        {
            condition.IsTrue(input);
            condition.IsTrue(missing);
        }
        var hits = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            hits += condition.IsTrue(input) ? 1 : 0;
            hits += condition.IsTrue(missing) ? 1 : 0;
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.InRange(hits, 0, 20_000);
    }
}
