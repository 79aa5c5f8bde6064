using FsCheck;
using FsCheck.Fluent;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Tests.Expressions;

public class PropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static SyntaxNode Reparse(string text)
    {
        var errors = new List<ExpressionError>();
        var node = ExpressionCompiler.ParseSyntax(text, errors);
        Assert.True(node is not null && errors.Count == 0, $"'{text}': {string.Join("; ", errors.Select(e => e.Message))}");
        return node!;
    }

    [Fact]
    public void Print_RandomTree_ParsesBackToTheSameTree()
        => Check.One(Config, Prop.ForAll(ExpressionGenerators.Expression().ToArbitrary(), g =>
        {
            var text = SyntaxPrinter.Print(g.Syntax);
            var reparsed = Reparse(text);
            Assert.Equal(SyntaxPrinter.PrintTree(g.Syntax), SyntaxPrinter.PrintTree(reparsed));
            Assert.Equal(text, SyntaxPrinter.Print(reparsed));
        }));

    [Fact]
    public void Compile_RandomWellTypedTree_SucceedsWithItsType()
        => Check.One(Config, Prop.ForAll(ExpressionGenerators.Expression().ToArbitrary(), g =>
        {
            var text = SyntaxPrinter.Print(g.Syntax);
            var result = ExpressionCompiler.Compile(text, g.Schema, expected: null);
            Assert.True(result.Errors.IsEmpty, $"{g}: {string.Join("; ", result.Errors.Select(e => $"{e.Code} {e.Message} @{e.Offset}"))}");
            var kind = result.Expression!.ResultKind;
            Assert.True(kind == g.Kind || (g.Kind == ValueKind.Decimal && kind == ValueKind.Int) || kind == ValueKind.Null, $"{g}: compiled as {kind}");
        }));

    [Fact]
    public void Evaluate_RandomWellTypedTreeAndInputs_NeverThrowsAndKeepsItsType()
    {
        var gen =
            from g in ExpressionGenerators.Expression()
            from values in Gen.CollectToArray(g.Schema.Fields.Select(f => ExpressionGenerators.ValueOf(f.Kind)))
            from materials in Gen.ArrayOf(Gen.Elements(true, false), g.Schema.MaterialIds.Length)
            from today in Gen.Choose(0, DateOnly.MaxValue.DayNumber)
            select (g, values, materials, today);
        Check.One(Config, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var compiled = ExpressionCompiler.Compile(SyntaxPrinter.Print(c.g.Syntax), c.g.Schema, expected: null).Expression!;
            var input = new ArrayInput(c.values, c.materials, DateOnly.FromDayNumber(c.today));
            var v = compiled.Evaluate(input);
            var t = compiled.ResultKind;
            Assert.True(v.IsNull || v.Kind == t || (t == ValueKind.Decimal && v.Kind == ValueKind.Int), $"{c.g}: {v.Kind} from a {t} expression");
        }));
    }

    private sealed class ArrayInput(Value[] values, bool[] materials, DateOnly today) : IExpressionInput
    {
        public DateOnly Today => today;

        public Value GetField(int slot) => values[slot];

        public bool HasMaterial(int index) => materials[index];
    }
}
