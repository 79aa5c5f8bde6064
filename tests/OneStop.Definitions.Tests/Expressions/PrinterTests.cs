using OneStop.Definitions.Expressions;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Tests.Expressions;

public class PrinterTests
{
    private static SyntaxNode Parse(string text)
    {
        var errors = new List<ExpressionError>();
        var node = ExpressionCompiler.ParseSyntax(text, errors);
        Assert.Empty(errors);
        return node!;
    }

    [Theory]
    [InlineData("a && b || !c", "a and b or not c")]
    [InlineData("(a and b) or c", "a and b or c")]
    [InlineData("a and (b or c)", "a and (b or c)")]
    [InlineData("not (a == b)", "not a == b")]
    [InlineData("(not a) == b", "(not a) == b")]
    [InlineData("1 - (2 - 3)", "1 - (2 - 3)")]
    [InlineData("(1 - 2) - 3", "1 - 2 - 3")]
    [InlineData("-(a + b) * c", "-(a + b) * c")]
    [InlineData("a*-b", "a * -b")]
    [InlineData("x not   in [\"a\",'b']", "x not in ['a', 'b']")]
    [InlineData("applicant . name == \"it's\"", "applicant.name == 'it\\'s'")]
    [InlineData("has( 'report' )", "has('report')")]
    [InlineData("2.50 > 1", "2.50 > 1")]
    [InlineData("a == null", "a == null")]
    public void Print_ParsedText_IsCanonical(string text, string canonical)
    {
        Assert.Equal(canonical, SyntaxPrinter.Print(Parse(text)));
        Assert.Equal(SyntaxPrinter.PrintTree(Parse(text)), SyntaxPrinter.PrintTree(Parse(canonical)));
    }

    [Theory]
    [InlineData("a and b or c", "(or (and $a $b) $c)")]
    [InlineData("not a == 1 + 2 * 3", "(not (== $a (+ Int:1 (* Int:2 Int:3))))")]
    [InlineData("- - 1", "(neg (neg Int:1))")]
    [InlineData("a < b < c", "(< (< $a $b) $c)")]
    [InlineData("len(['x'])", "(len (list String:'x'))")]
    public void Parse_Precedence_GivesExpectedTree(string text, string tree)
        => Assert.Equal(tree, SyntaxPrinter.PrintTree(Parse(text)));
}
