using System.Globalization;
using System.Text;

namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>
/// Prints a syntax tree as canonical text (keywords, single quotes, single spaces, minimal parentheses)
/// or as a fully bracketed tree for structural comparison. Parsing canonical text gives back the same tree.
/// </summary>
internal static class SyntaxPrinter
{
    public static string Print(SyntaxNode node)
    {
        var sb = new StringBuilder();
        Write(sb, node, 0);
        return sb.ToString();
    }

    /// <summary>An S-expression that shows the tree shape, e.g. <c>(and (== stage 'formal') (has 'report'))</c>.</summary>
    public static string PrintTree(SyntaxNode node)
    {
        var sb = new StringBuilder();
        WriteTree(sb, node);
        return sb.ToString();
    }

    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('\'');
        foreach (var c in s)
        {
            _ = c switch
            {
                '\\' => sb.Append("\\\\"),
                '\'' => sb.Append("\\'"),
                '\n' => sb.Append("\\n"),
                '\t' => sb.Append("\\t"),
                '\r' => sb.Append("\\r"),
                _ when char.IsControl(c) => sb.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => sb.Append(c),
            };
        }
        return sb.Append('\'').ToString();
    }

    public static string Literal(Value value) => value.Kind switch
    {
        ValueKind.String => Quote(value.AsString!),
        ValueKind.Decimal => value.AsDecimal.ToString(CultureInfo.InvariantCulture) is var d && d.Contains('.', StringComparison.Ordinal) ? d : d + ".0",
        _ => value.ToString(),
    };

    private static int Precedence(SyntaxNode node) => node switch
    {
        BinarySyntax b => SyntaxFacts.Precedence(b.Operator),
        UnarySyntax { Operator: UnaryOperator.Not } => SyntaxFacts.NotPrecedence,
        UnarySyntax => SyntaxFacts.NegatePrecedence,
        _ => SyntaxFacts.PrimaryPrecedence,
    };

    private static void Write(StringBuilder sb, SyntaxNode node, int minPrecedence)
    {
        var parens = Precedence(node) < minPrecedence;
        if (parens)
        {
            sb.Append('(');
        }
        switch (node)
        {
            case LiteralSyntax l:
                sb.Append(Literal(l.Value));
                break;
            case PathSyntax p:
                sb.Append(p.Path);
                break;
            case UnarySyntax { Operator: UnaryOperator.Not } u:
                sb.Append("not ");
                Write(sb, u.Operand, SyntaxFacts.NotPrecedence);
                break;
            case UnarySyntax u:
                sb.Append('-');
                Write(sb, u.Operand, SyntaxFacts.NegatePrecedence);
                break;
            case BinarySyntax b:
                var precedence = SyntaxFacts.Precedence(b.Operator);
                // Left-associative: the right operand needs brackets at the same precedence.
                Write(sb, b.Left, precedence);
                sb.Append(' ').Append(SyntaxFacts.Spelling(b.Operator)).Append(' ');
                Write(sb, b.Right, precedence + 1);
                break;
            case CallSyntax c:
                sb.Append(c.Name).Append('(');
                WriteItems(sb, c.Arguments);
                sb.Append(')');
                break;
            case ListSyntax list:
                sb.Append('[');
                WriteItems(sb, list.Items);
                sb.Append(']');
                break;
        }
        if (parens)
        {
            sb.Append(')');
        }
    }

    private static void WriteItems(StringBuilder sb, IReadOnlyList<SyntaxNode> items)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }
            Write(sb, items[i], 0);
        }
    }

    private static void WriteTree(StringBuilder sb, SyntaxNode node)
    {
        switch (node)
        {
            case LiteralSyntax l:
                sb.Append(l.Value.Kind).Append(':').Append(Literal(l.Value));
                break;
            case PathSyntax p:
                sb.Append('$').Append(p.Path);
                break;
            case UnarySyntax u:
                sb.Append('(').Append(u.Operator == UnaryOperator.Not ? "not" : "neg").Append(' ');
                WriteTree(sb, u.Operand);
                sb.Append(')');
                break;
            case BinarySyntax b:
                sb.Append('(').Append(SyntaxFacts.Spelling(b.Operator)).Append(' ');
                WriteTree(sb, b.Left);
                sb.Append(' ');
                WriteTree(sb, b.Right);
                sb.Append(')');
                break;
            case CallSyntax c:
                sb.Append('(').Append(c.Name);
                foreach (var a in c.Arguments)
                {
                    sb.Append(' ');
                    WriteTree(sb, a);
                }
                sb.Append(')');
                break;
            case ListSyntax list:
                sb.Append("(list");
                foreach (var item in list.Items)
                {
                    sb.Append(' ');
                    WriteTree(sb, item);
                }
                sb.Append(')');
                break;
        }
    }
}
