using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Tests.Expressions;

public class EvaluationTests
{
    [Theory]
    [InlineData("stage == 'formal' and area > 200 and has('report')", true)]
    [InlineData("stage == 'preparation' or area > 300", false)]
    [InlineData("not donated_assets", true)]
    [InlineData("! donated_assets && students >= 120 || false", true)]
    [InlineData("applicant.age + 5 == 40", true)]
    [InlineData("students * 2 - 40 == 200", true)]
    [InlineData("students / 8 == 15", true)]
    [InlineData("7 / 2 == 3.5", true)]
    [InlineData("7 % 4 == 3", true)]
    [InlineData("-students < 0", true)]
    [InlineData("-(1 + 2) == -3", true)]
    [InlineData("area <= 250.5 and area >= 250.5 and area != 250", true)]
    [InlineData("stage in ['formal', 'preparation']", true)]
    [InlineData("stage not in ['preparation']", true)]
    [InlineData("students in [100, 120]", true)]
    [InlineData("'民办' in tags", true)]
    [InlineData("'小学' not in tags", true)]
    [InlineData("has('donation')", false)]
    [InlineData("len(applicant.name) == 2", true)]
    [InlineData("len(tags) == 2", true)]
    [InlineData("len(['a', 'b', 'c']) == 3", true)]
    [InlineData("contains(applicant.name, '三')", true)]
    [InlineData("contains(tags, '中学')", true)]
    [InlineData("starts_with(applicant.name, '张')", true)]
    [InlineData("ends_with(applicant.name, '张')", false)]
    [InlineData("opening == date('2025-10-01')", true)]
    [InlineData("opening < today()", true)]
    [InlineData("days_between(opening, today()) == 50", true)]
    [InlineData("add_days(opening, 30) == date('2025-10-31')", true)]
    [InlineData("year(opening) == 2025 and month(opening) == 10", true)]
    [InlineData("is_null(applicant.name)", false)]
    [InlineData("coalesce(applicant.age, 0) == 35", true)]
    [InlineData("'b' > 'a' and 'B' < 'a'", true)]
    [InlineData("\"双引号\" == '双引号'", true)]
    [InlineData("'it\\'s' == \"it's\"", true)]
    [InlineData("tags == ['民办', '中学'] and tags != ['民办']", true)]
    [InlineData("applicant.age-1 == 34", true)]
    [InlineData("donated_assets == false and (true == (not false))", true)]
    public void Evaluate_TypicalInput_GivesExpectedBoolean(string text, bool expected)
        => Assert.Equal(Value.FromBool(expected), Some.Eval(text));

    [Theory]
    [InlineData("students + 1", 121)]
    [InlineData("students % 7", 1)]
    [InlineData("2 * 3 + 4 * 5", 26)]
    [InlineData("2 * (3 + 4)", 14)]
    [InlineData("10 - 2 - 3", 5)]
    [InlineData("year(today())", 2025)]
    public void Evaluate_IntArithmetic_GivesInt(string text, long expected)
    {
        var v = Some.Eval(text);
        Assert.Equal(ValueKind.Int, v.Kind);
        Assert.Equal(expected, v.AsInt);
    }

    [Fact]
    public void Evaluate_DecimalMix_GivesDecimal()
    {
        var v = Some.Eval("area * 2 + students");
        Assert.Equal(ValueKind.Decimal, v.Kind);
        Assert.Equal(621m, v.AsDecimal);
    }
}
