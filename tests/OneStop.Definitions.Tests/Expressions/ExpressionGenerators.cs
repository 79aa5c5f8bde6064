using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Tests.Expressions;

/// <summary>A random schema, a well-typed syntax tree over it, and its static type.</summary>
internal sealed record GeneratedExpression(ExpressionSchema Schema, SyntaxNode Syntax, ValueKind Kind)
{
    public override string ToString() => $"{SyntaxPrinter.Print(Syntax)}  : {Kind}  over [{string.Join(", ", Schema.Fields.Select(f => $"{f.Path}:{f.Kind}"))}]";
}

/// <summary>FsCheck generators for schemas, well-typed expressions and field values.</summary>
internal sealed class ExpressionGenerators(ExpressionSchema _schema)
{
    private static readonly ValueKind[] FieldKinds = [ValueKind.Bool, ValueKind.Int, ValueKind.Decimal, ValueKind.String, ValueKind.Date, ValueKind.List];
    private static readonly string[] Words = ["formal", "preparation", "民办", "中学", "a'b", "x\\y", "line\nbreak", "", "\u0001", "\"q\""];
    private static readonly string[] Names = ["stage", "area", "applicant.age", "applicant.name", "企业.名称", "_x1", "opening", "tags", "fee", "ok"];

    public static Gen<ExpressionSchema> Schema() =>
        from count in Gen.Choose(0, Names.Length)
        from kinds in Gen.ArrayOf(Gen.Elements(FieldKinds), count)
        from choice in Gen.ArrayOf(Gen.Elements(true, false), count)
        from materials in Gen.Choose(0, 3)
        select ExpressionSchema.Create(
            Enumerable.Range(0, count).Select(i => (Names[i], kinds[i],
                kinds[i] == ValueKind.String && choice[i] ? ImmutableArray.Create("formal", "preparation", "民办") : default)),
            Enumerable.Range(0, materials).Select(i => $"material-{i}"));

    public static Gen<GeneratedExpression> Expression() =>
        from schema in Schema()
        from kind in Gen.Elements(FieldKinds)
        from depth in Gen.Choose(0, 5)
        from syntax in new ExpressionGenerators(schema).Expr(schema, kind, depth)
        where SyntaxPrinter.Print(syntax).Length <= ExpressionCompiler.MaxLength
        select new GeneratedExpression(schema, syntax, kind);

    public static Gen<Value> ValueOf(ValueKind kind) => Gen.Frequency(
        (1, Gen.Constant(Value.Null)),
        (4, kind switch
        {
            ValueKind.Bool => Gen.Elements(Value.True, Value.False),
            ValueKind.Int => Gen.OneOf(Gen.Choose(-1000, 1000).Select(i => Value.FromInt(i)),
                Gen.Elements(Value.FromInt(long.MaxValue), Value.FromInt(long.MinValue), Value.FromInt(0))),
            ValueKind.Decimal => Gen.OneOf(Gen.Choose(-100000, 100000).Select(i => Value.FromDecimal(i / 100m)),
                Gen.Elements(Value.FromDecimal(decimal.MaxValue), Value.FromDecimal(decimal.MinValue), Value.FromDecimal(0m))),
            ValueKind.String => Gen.Elements(Words).Select(Value.FromString),
            ValueKind.Date => Gen.OneOf(Gen.Choose(730000, 740000).Select(d => Value.FromDate(DateOnly.FromDayNumber(d))),
                Gen.Elements(Value.FromDate(DateOnly.MinValue), Value.FromDate(DateOnly.MaxValue))),
            _ => SmallList.Select(l => Value.FromList([.. l])),
        }));

    private static Gen<List<string>> SmallList => Gen.Choose(0, 4).SelectMany(n => Gen.ListOf(Gen.Elements(Words), n)).Select(l => l.ToList());

    private static Gen<SyntaxNode> Literal(Value v) => Gen.Constant<SyntaxNode>(new LiteralSyntax(v, 0, 0));

    /// <summary>Builds a binary node, keeping it well-typed: a choice field is only compared with its own options.</summary>
    private SyntaxNode Binary(BinaryOperator op, SyntaxNode l, SyntaxNode r)
        => new BinarySyntax(op, l, SyntaxFacts.IsComparison(op) ? FitChoice(l, r) : r, 0, 0) is var b && SyntaxFacts.IsComparison(op)
            ? new BinarySyntax(op, FitChoice(b.Right, l), b.Right, 0, 0)
            : b;

    private SyntaxNode FitChoice(SyntaxNode field, SyntaxNode other)
    {
        if (field is not PathSyntax p || !_schema.TryGetField(p.Path, out var f) || f.Options.IsEmpty)
        {
            return other;
        }
        string Fit(string s) => f.Options.Contains(s) ? s : f.Options[Math.Abs(s.Length) % f.Options.Length];
        return other switch
        {
            LiteralSyntax { Value.Kind: ValueKind.String } lit => Str(Fit(lit.Value.AsString!)),
            ListSyntax list => new ListSyntax([.. list.Items.Select(i => i is LiteralSyntax { Value.Kind: ValueKind.String } li ? Str(Fit(li.Value.AsString!)) : i)], 0, 0),
            _ => other,
        };
    }

    private static SyntaxNode Call(string name, params SyntaxNode[] args) => new CallSyntax(name, [.. args], 0, 0);

    private static SyntaxNode Str(string s) => new LiteralSyntax(Value.FromString(s), 0, 0);

    private static Gen<SyntaxNode> Leaf(ExpressionSchema schema, ValueKind kind)
    {
        var gens = new List<Gen<SyntaxNode>>();
        foreach (var f in schema.Fields.Where(f => f.Kind == kind))
        {
            gens.Add(Gen.Constant<SyntaxNode>(new PathSyntax(f.Path, 0, 0)));
        }
        gens.Add(kind switch
        {
            ValueKind.Bool => Gen.Elements(true, false).SelectMany(b => Literal(Value.FromBool(b))),
            ValueKind.Int => Gen.Choose(0, 1000).SelectMany(i => Literal(Value.FromInt(i))),
            ValueKind.Decimal => Gen.Choose(0, 100000).SelectMany(i => Literal(Value.FromDecimal(i / 100m))),
            ValueKind.String => Gen.Elements(Words).Select(Str),
            ValueKind.Date => Gen.OneOf(
                Gen.Choose(735000, 740000).Select(d => Call("date", Str(DateOnly.FromDayNumber(d).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)))),
                Gen.Constant(Call("today"))),
            _ => SmallList.Select(l => (SyntaxNode)new ListSyntax([.. l.Select(Str)], 0, 0)),
        });
        if (kind == ValueKind.Bool)
        {
            gens.AddRange(schema.MaterialIds.Select(m => Gen.Constant(Call("has", Str(m)))));
        }
        return Gen.OneOf(gens);
    }

    private Gen<SyntaxNode> Expr(ExpressionSchema schema, ValueKind kind, int depth)
    {
        if (depth <= 0)
        {
            return Leaf(schema, kind);
        }
        Gen<SyntaxNode> Sub(ValueKind k) => Expr(schema, k, depth - 1);
        Gen<SyntaxNode> Bin(BinaryOperator op, ValueKind l, ValueKind r) => Sub(l).SelectMany(a => Sub(r).Select(b => Binary(op, a, b)));
        Gen<SyntaxNode> Fn(string name, params ValueKind[] kinds) => kinds.Length == 1
            ? Sub(kinds[0]).Select(a => Call(name, a))
            : Sub(kinds[0]).SelectMany(a => Sub(kinds[1]).Select(b => Call(name, a, b)));
        var numeric = Gen.Elements(ValueKind.Int, ValueKind.Decimal);
        var gens = new List<Gen<SyntaxNode>> { Leaf(schema, kind), Fn("coalesce", kind, kind) };
        switch (kind)
        {
            case ValueKind.Bool:
                gens.Add(Gen.Elements(BinaryOperator.And, BinaryOperator.Or, BinaryOperator.Equal, BinaryOperator.NotEqual)
                    .SelectMany(op => Bin(op, ValueKind.Bool, ValueKind.Bool)));
                gens.Add(Sub(ValueKind.Bool).Select(a => (SyntaxNode)new UnarySyntax(UnaryOperator.Not, a, 0)));
                gens.Add(from op in Gen.Elements(BinaryOperator.Less, BinaryOperator.LessOrEqual, BinaryOperator.Greater, BinaryOperator.GreaterOrEqual, BinaryOperator.Equal)
                         from k in Gen.Elements(ValueKind.Int, ValueKind.Decimal, ValueKind.String, ValueKind.Date)
                         from k2 in k is ValueKind.Int or ValueKind.Decimal ? numeric : Gen.Constant(k)
                         from node in Bin(op, k, k2)
                         select node);
                gens.Add(from k in Gen.Elements(FieldKinds)
                         from a in Sub(k)
                         from neg in Gen.Elements(true, false)
                         from form in Gen.Elements(0, 1)
                         select form == 0 ? Call("is_null", a) : Binary(neg ? BinaryOperator.NotEqual : BinaryOperator.Equal, a, new LiteralSyntax(Value.Null, 0, 0)));
                gens.Add(from a in Sub(ValueKind.String)
                         from items in SmallList
                         from neg in Gen.Elements(true, false)
                         select Binary(neg ? BinaryOperator.NotIn : BinaryOperator.In, a, new ListSyntax([.. items.Select(Str)], 0, 0)));
                gens.Add(from a in Sub(ValueKind.String)
                         from l in Sub(ValueKind.List)
                         select l is ListSyntax ? Call("contains", l, a) : Binary(BinaryOperator.In, a, l));
                gens.Add(Gen.Elements("contains", "starts_with", "ends_with").SelectMany(n => Fn(n, ValueKind.String, ValueKind.String)));
                foreach (var f in schema.Fields.Where(f => !f.Options.IsEmpty))
                {
                    gens.Add(Gen.Elements(f.Options.ToArray()).Select(o => Binary(BinaryOperator.Equal, new PathSyntax(f.Path, 0, 0), Str(o))));
                }
                break;
            case ValueKind.Int:
                gens.Add(Gen.Elements(BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Modulo)
                    .SelectMany(op => Bin(op, ValueKind.Int, ValueKind.Int)));
                gens.Add(Sub(ValueKind.Int).Select(a => (SyntaxNode)new UnarySyntax(UnaryOperator.Negate, a, 0)));
                gens.Add(Gen.Elements(ValueKind.String, ValueKind.List).SelectMany(k => Fn("len", k)));
                gens.Add(Gen.Elements("year", "month").SelectMany(n => Fn(n, ValueKind.Date)));
                gens.Add(Fn("days_between", ValueKind.Date, ValueKind.Date));
                break;
            case ValueKind.Decimal:
                gens.Add(from op in Gen.Elements(BinaryOperator.Add, BinaryOperator.Subtract, BinaryOperator.Multiply, BinaryOperator.Divide, BinaryOperator.Modulo)
                         from node in Bin(op, ValueKind.Decimal, ValueKind.Decimal)
                         select node);
                gens.Add(Bin(BinaryOperator.Divide, ValueKind.Int, ValueKind.Int));
                gens.Add(Sub(ValueKind.Decimal).Select(a => (SyntaxNode)new UnarySyntax(UnaryOperator.Negate, a, 0)));
                break;
            case ValueKind.Date:
                gens.Add(Fn("add_days", ValueKind.Date, ValueKind.Int));
                break;
        }
        return Gen.OneOf(gens);
    }
}
