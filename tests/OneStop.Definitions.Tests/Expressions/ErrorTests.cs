using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Tests.Expressions;

public class ErrorTests
{
    [Theory]
    // Lexical
    [InlineData("area # 2", "OS3003", 5, 1, "unexpected character '#'")]
    [InlineData("stage = 'formal'", "OS3003", 6, 1, "unexpected character '='")]
    [InlineData("stage == 'formal", "OS3004", 9, 7, "unterminated string literal")]
    [InlineData("stage == 'a\\qb'", "OS3005", 11, 2, "invalid escape sequence '\\q'")]
    [InlineData("area > 12abc", "OS3006", 7, 5, "invalid number '12abc'")]
    [InlineData("area > 99999999999999999999", "OS3006", 7, 20, "number '99999999999999999999' is out of range")]
    // Syntax
    [InlineData("area > ", "OS3007", 7, 0, "expected a value, a field or a function call but found the end of the expression")]
    [InlineData("(area > 2", "OS3007", 9, 0, "expected ')' but found the end of the expression")]
    [InlineData("area > 2 area", "OS3007", 9, 4, "unexpected 'area' after the end of the expression")]
    [InlineData("stage in ['a' 'b']", "OS3007", 14, 3, "expected ',' or ']' but found a string")]
    [InlineData("applicant.", "OS3007", 10, 0, "expected a field name after '.' but found the end of the expression")]
    [InlineData("   ", "OS3008", 0, 3, "expression is empty")]
    // Names
    [InlineData("stag == 'formal'", "OS3010", 0, 4, "unknown field 'stag'")]
    [InlineData("applicant.agee > 18", "OS3010", 0, 14, "unknown field 'applicant.agee'")]
    [InlineData("lenn(tags) > 1", "OS3011", 0, 4, "unknown function 'lenn'")]
    [InlineData("len(tags, 1) > 1", "OS3012", 0, 12, "len() takes 1 argument but was given 2")]
    [InlineData("len(students) > 1", "OS3013", 4, 8, "argument 1 of len() must be a string or a list but is int")]
    [InlineData("has('reprot')", "OS3014", 4, 8, "unknown material 'reprot'")]
    [InlineData("has(stage)", "OS3015", 4, 5, "the argument of has() must be a quoted material id")]
    [InlineData("opening > date('2025-13-01')", "OS3016", 15, 12, "'2025-13-01' is not a valid date")]
    // Types
    [InlineData("stage + 1 > 2", "OS3020", 0, 5, "operand of '+' must be a number but is string")]
    [InlineData("area > '200'", "OS3021", 5, 1, "cannot compare decimal with string using '>'")]
    [InlineData("donated_assets < true", "OS3021", 15, 1, "'<' cannot order bool values")]
    [InlineData("area and true", "OS3022", 0, 4, "operand of 'and' must be a boolean but is decimal")]
    [InlineData("not area", "OS3022", 4, 4, "operand of 'not' must be a boolean but is decimal")]
    [InlineData("stage in stage", "OS3023", 9, 5, "right side of 'in' must be a list but is string")]
    [InlineData("stage == 'formall'", "OS3024", 9, 9, "'formall' is not an option of choice field 'stage' (options: preparation, formal)")]
    [InlineData("stage in ['formal', 'prep']", "OS3024", 20, 6, "'prep' is not an option of choice field 'stage' (options: preparation, formal)")]
    [InlineData("area + 1", "OS3025", 0, 8, "a condition must be a boolean but this expression is decimal")]
    [InlineData("students in [1, 'a']", "OS3026", 16, 3, "list element is string, expected int")]
    [InlineData("stage in [applicant.name]", "OS3026", 10, 14, "list elements must be literal values (strings, numbers or dates), not null or computed values")]
    public void Compile_InvalidExpression_ReportsCodePositionAndMessage(string text, string code, int offset, int length, string message)
    {
        var error = Some.SingleError(text);
        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(Math.Max(length, 0), error.Length);
    }

    [Theory]
    [InlineData("stag == 'formal'", "did you mean 'stage'?")]
    [InlineData("applicant.agee > 18", "did you mean 'applicant.age'?")]
    [InlineData("lenn(tags) > 1", "did you mean len()?")]
    [InlineData("startswith(stage, 'f')", "did you mean starts_with()?")]
    [InlineData("has('reprot')", "did you mean 'report'?")]
    [InlineData("stage == 'formall'", "did you mean 'formal'?")]
    [InlineData("stage = 'formal'", "use '==' to compare")]
    [InlineData("today > opening", "'today' is a function: call it as today(…)")]
    [InlineData("len(tags, 1) > 1", "write len(string or list)")]
    public void Compile_Typo_GivesHint(string text, string hint)
        => Assert.Equal(hint, Some.SingleError(text).Hint);

    [Fact]
    public void Compile_SeveralTypeErrors_ReportsAll()
    {
        var result = ExpressionCompiler.Compile("stag == 'x' and area > 'big' or has('nope') or lenn(tags) > 0", Some.Schema);
        Assert.Null(result.Expression);
        Assert.Equal(["OS3010", "OS3021", "OS3014", "OS3011"], result.Errors.Select(e => e.Code));
        Assert.Equal([0, 21, 36, 47], result.Errors.Select(e => e.Offset));
    }

    [Fact]
    public void Compile_SeveralLexicalErrors_ReportsAll()
    {
        var result = ExpressionCompiler.Compile("area # 2 and stage == 'a\\q' $", Some.Schema);
        Assert.Equal(["OS3003", "OS3005", "OS3003"], result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void Compile_TooLong_ReportsOS3001AtTheLimit()
    {
        var text = string.Join(" or ", Enumerable.Repeat("area > 1", 300));
        var error = Some.SingleError(text);
        Assert.Equal("OS3001", error.Code);
        Assert.Equal(ExpressionCompiler.MaxLength, error.Offset);
        Assert.Equal(text.Length - ExpressionCompiler.MaxLength, error.Length);
    }

    [Theory]
    [InlineData("(", 10_000, 32)]
    [InlineData("not ", 1000, 128)]
    [InlineData("!", 1999, 32)]
    [InlineData("-", 1999, 32)]
    [InlineData("len(", 400, 131)]
    [InlineData("[", 1999, 32)]
    public void Compile_PathologicalNesting_ReportsOS3002WithoutOverflow(string open, int count, int offset)
    {
        var text = string.Concat(Enumerable.Repeat(open, count)) + "true";
        text = text[..Math.Min(text.Length, ExpressionCompiler.MaxLength)];
        var error = Some.SingleError(text);
        Assert.Equal("OS3002", error.Code);
        Assert.Equal("expression nested deeper than 32 levels", error.Message);
        Assert.Equal(offset, error.Offset);
    }

    [Fact]
    public void Compile_TenThousandParenthesesUnbounded_ReportsOnlyLength()
        => Assert.Equal("OS3001", Some.SingleError(new string('(', 10_000)).Code);

    [Fact]
    public void Compile_NestingAtTheLimit_Compiles()
    {
        var depth = ExpressionCompiler.MaxDepth;
        var text = new string('(', depth) + "area > 1" + new string(')', depth);
        Assert.True(Some.Compile(text).IsTrue(Some.Input()));
    }

    [Fact]
    public void Compile_LongFlatChain_CompilesAndEvaluates()
    {
        // Long 'or' chains are flat in the text, so they are limited by length only, not by depth.
        var text = string.Join(" or ", Enumerable.Range(50, 100).Select(i => $"students == {i}"));
        Assert.True(Some.Compile(text).IsTrue(Some.Input()));
    }

    [Fact]
    public void Compile_ExpectedAny_AllowsNonBoolean()
    {
        var result = ExpressionCompiler.Compile("area * 2", Some.Schema, expected: null);
        Assert.Equal(ValueKind.Decimal, result.Expression!.ResultKind);
    }

    [Fact]
    public void Compile_ExpectedDecimal_AcceptsInt()
        => Assert.Equal(ValueKind.Int, Some.Compile("students + 1", ValueKind.Decimal).ResultKind);
}
