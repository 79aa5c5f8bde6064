using System.Collections.Immutable;
using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Tests.Expressions;

/// <summary>Test data for expression tests: a school-licence form and inputs over it.</summary>
internal static class Some
{
    public static ExpressionSchema Schema { get; } = ExpressionSchema.Create(
        [
            ("stage", ValueKind.String, ["preparation", "formal"]),
            ("area", ValueKind.Decimal, default),
            ("students", ValueKind.Int, default),
            ("donated_assets", ValueKind.Bool, default),
            ("applicant.name", ValueKind.String, default),
            ("applicant.age", ValueKind.Int, default),
            ("opening", ValueKind.Date, default),
            ("tags", ValueKind.List, default),
        ],
        ["report", "donation", "site-plan"]);

    public static CompiledExpression Compile(string text, ValueKind? expected = ValueKind.Bool)
    {
        var result = ExpressionCompiler.Compile(text, Schema, expected);
        Assert.True(result.Expression is not null, string.Join("; ", result.Errors.Select(e => $"{e.Code} {e.Message} @{e.Offset}")));
        return result.Expression!;
    }

    public static ExpressionError SingleError(string text, ValueKind? expected = ValueKind.Bool)
    {
        var result = ExpressionCompiler.Compile(text, Schema, expected);
        Assert.Null(result.Expression);
        return Assert.Single(result.Errors);
    }

    public static TestInput Input() => new TestInput(Schema.Fields.Length, Schema.MaterialIds.Length)
        .With("stage", Value.FromString("formal"))
        .With("area", Value.FromDecimal(250.5m))
        .With("students", Value.FromInt(120))
        .With("donated_assets", Value.False)
        .With("applicant.name", Value.FromString("张三"))
        .With("applicant.age", Value.FromInt(35))
        .With("opening", Value.FromDate(new DateOnly(2025, 10, 1)))
        .With("tags", Value.FromList(["民办", "中学"]))
        .WithMaterial("report");

    public static Value Eval(string text, TestInput? input = null) => Compile(text, expected: null).Evaluate(input ?? Input());
}

/// <summary>A mutable <see cref="IExpressionInput"/> over <see cref="Some.Schema"/>.</summary>
internal sealed class TestInput(int fields, int materials) : IExpressionInput
{
    private readonly Value[] _values = new Value[fields];
    private readonly bool[] _materials = new bool[materials];

    public DateOnly Today { get; set; } = new(2025, 11, 20);

    public Value GetField(int slot) => _values[slot];

    public bool HasMaterial(int index) => _materials[index];

    public TestInput With(string path, Value value)
    {
        Assert.True(Some.Schema.TryGetField(path, out var f));
        _values[f.Slot] = value;
        return this;
    }

    public TestInput WithMaterial(string id, bool present = true)
    {
        Assert.True(Some.Schema.TryGetMaterial(id, out var i));
        _materials[i] = present;
        return this;
    }

    public TestInput Set(int slot, Value value)
    {
        _values[slot] = value;
        return this;
    }
}
