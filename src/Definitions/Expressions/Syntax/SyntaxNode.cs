using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>A node of the parsed (not yet type-checked) expression, with its span in the text.</summary>
internal abstract class SyntaxNode(int offset, int length)
{
    public int Offset { get; } = offset;

    public int Length { get; } = length;

    public int End => Offset + Length;
}

/// <summary>A literal: integer, decimal, string, true, false or null.</summary>
internal sealed class LiteralSyntax(Value value, int offset, int length) : SyntaxNode(offset, length)
{
    public Value Value { get; } = value;
}

/// <summary>A form-field path such as <c>applicant.age</c>.</summary>
internal sealed class PathSyntax(string path, int offset, int length) : SyntaxNode(offset, length)
{
    public string Path { get; } = path;
}

/// <summary>Prefix <c>not</c> or unary minus.</summary>
internal sealed class UnarySyntax(UnaryOperator op, SyntaxNode operand, int offset) : SyntaxNode(offset, operand.End - offset)
{
    public UnaryOperator Operator { get; } = op;

    public SyntaxNode Operand { get; } = operand;
}

/// <summary>A binary operator; <see cref="OperatorOffset"/> locates the operator itself.</summary>
internal sealed class BinarySyntax(BinaryOperator op, SyntaxNode left, SyntaxNode right, int operatorOffset, int operatorLength)
    : SyntaxNode(left.Offset, right.End - left.Offset)
{
    public BinaryOperator Operator { get; } = op;

    public SyntaxNode Left { get; } = left;

    public SyntaxNode Right { get; } = right;

    public int OperatorOffset { get; } = operatorOffset;

    public int OperatorLength { get; } = operatorLength;
}

/// <summary>A function call <c>name(args)</c>.</summary>
internal sealed class CallSyntax(string name, ImmutableArray<SyntaxNode> arguments, int offset, int length) : SyntaxNode(offset, length)
{
    public string Name { get; } = name;

    public ImmutableArray<SyntaxNode> Arguments { get; } = arguments;
}

/// <summary>A list literal <c>['a', 'b']</c>.</summary>
internal sealed class ListSyntax(ImmutableArray<SyntaxNode> items, int offset, int length) : SyntaxNode(offset, length)
{
    public ImmutableArray<SyntaxNode> Items { get; } = items;
}

/// <summary>Prefix operators.</summary>
internal enum UnaryOperator : byte
{
    Not,
    Negate,
}

/// <summary>Binary operators, grouped by precedence in <see cref="SyntaxFacts"/>.</summary>
internal enum BinaryOperator : byte
{
    Or,
    And,
    Equal,
    NotEqual,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    In,
    NotIn,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}
