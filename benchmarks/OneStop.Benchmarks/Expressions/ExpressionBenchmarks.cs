using BenchmarkDotNet.Attributes;
using OneStop.Definitions.Expressions;

namespace OneStop.Benchmarks.Expressions;

/// <summary>Evaluating and compiling a typical <c>when</c> condition (budget: evaluation under 50 ns, 0 B).</summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private const string Typical = "stage == 'formal' and area > 200 and has('report')";

    private static readonly ExpressionSchema Schema = ExpressionSchema.Create(
        [
            ("stage", ValueKind.String, ["preparation", "formal"]),
            ("area", ValueKind.Decimal, default),
            ("students", ValueKind.Int, default),
            ("donated_assets", ValueKind.Bool, default),
        ],
        ["report", "donation"]);

    private CompiledExpression _typical = null!;
    private CompiledExpression _constantTrue = null!;
    private FormInput _input = null!;

    [GlobalSetup]
    public void Setup()
    {
        _typical = ExpressionCompiler.Compile(Typical, Schema).Expression!;
        _constantTrue = ExpressionCompiler.Compile("true", Schema).Expression!;
        _input = new FormInput([Value.FromString("formal"), Value.FromDecimal(250.5m), Value.FromInt(120), Value.False], [true, false]);
    }

    /// <summary>Same-run baseline: the cost of the call itself.</summary>
    [Benchmark(Baseline = true)]
    public bool EvaluateConstant() => _constantTrue.IsTrue(_input);

    [Benchmark]
    public bool EvaluateTypical() => _typical.IsTrue(_input);

    [Benchmark]
    public CompiledExpression? CompileTypical() => ExpressionCompiler.Compile(Typical, Schema).Expression;

    private sealed class FormInput(Value[] values, bool[] materials) : IExpressionInput
    {
        public DateOnly Today => new(2025, 11, 20);

        public Value GetField(int slot) => values[slot];

        public bool HasMaterial(int index) => materials[index];
    }
}
