using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Tests.Expressions;

public class NullSemanticsTests
{
    private static TestInput Missing(string path) => Some.Input().With(path, Value.Null);

    [Theory]
    [InlineData("area == null", true)]
    [InlineData("area != null", false)]
    [InlineData("null == area", true)]
    [InlineData("is_null(area)", true)]
    [InlineData("coalesce(area, 0) == 0", true)]
    [InlineData("area > 200 or true", true)]
    [InlineData("area > 200 and false", false)]
    [InlineData("false and area > 200", false)]
    [InlineData("true or area > 200", true)]
    public void Evaluate_MissingField_GivesDefinedResult(string text, bool expected)
        => Assert.Equal(Value.FromBool(expected), Some.Eval(text, Missing("area")));

    [Theory]
    [InlineData("area > 200")]
    [InlineData("area == 250.5")]
    [InlineData("area != 250.5")]
    [InlineData("area + 1")]
    [InlineData("-area")]
    [InlineData("not (area > 1)")]
    [InlineData("area > 200 and true")]
    [InlineData("area > 200 or false")]
    [InlineData("area in [1, 2]")]
    [InlineData("coalesce(area, area)")]
    public void Evaluate_MissingField_GivesNull(string text)
        => Assert.True(Some.Eval(text, Missing("area")).IsNull);

    [Theory]
    [InlineData("len(applicant.name)", "applicant.name")]
    [InlineData("contains(applicant.name, 'x')", "applicant.name")]
    [InlineData("starts_with(applicant.name, 'x')", "applicant.name")]
    [InlineData("'x' in tags", "tags")]
    [InlineData("contains(tags, 'x')", "tags")]
    [InlineData("year(opening)", "opening")]
    [InlineData("month(opening)", "opening")]
    [InlineData("add_days(opening, 1)", "opening")]
    [InlineData("days_between(opening, today())", "opening")]
    [InlineData("applicant.age % 2", "applicant.age")]
    public void Evaluate_FunctionOfMissingField_GivesNull(string text, string path)
        => Assert.True(Some.Eval(text, Missing(path)).IsNull);

    [Theory]
    [InlineData("students / 0")]
    [InlineData("area / 0.0")]
    [InlineData("students % 0")]
    [InlineData("79228162514264337593543950335.0 * 10")]
    [InlineData("9223372036854775807 + 1")]
    [InlineData("add_days(opening, 9223372036854775807)")]
    public void Evaluate_UndefinedArithmetic_GivesNullWithoutThrowing(string text)
        => Assert.True(Some.Eval(text).IsNull);

    [Fact]
    public void IsTrue_NullResult_IsFalse()
    {
        var condition = Some.Compile("area > 200");
        Assert.False(condition.IsTrue(Missing("area")));
        Assert.True(condition.IsTrue(Some.Input()));
    }

    [Fact]
    public void Evaluate_HostSuppliesWrongKind_GivesNullWithoutThrowing()
    {
        var input = Some.Input().With("area", Value.FromString("大")).With("opening", Value.FromInt(3)).With("tags", Value.FromString("x"));
        Assert.True(Some.Eval("area > 200", input).IsNull);
        Assert.True(Some.Eval("year(opening)", input).IsNull);
        Assert.True(Some.Eval("'x' in tags", input).IsNull);
        Assert.True(Some.Eval("len(applicant.name)", Some.Input().With("applicant.name", Value.True)).IsNull);
    }
}
