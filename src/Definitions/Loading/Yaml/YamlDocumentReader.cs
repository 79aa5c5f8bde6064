using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace OneStop.Definitions.Loading.Yaml;

/// <summary>Turns YAML text into a <see cref="YNode"/> tree using YamlDotNet parser events.
/// The reflection deserializer is not used: it accepts duplicate keys silently and loses positions.</summary>
internal sealed class YamlDocumentReader
{
    private readonly string _file;
    private readonly DiagnosticBag _diagnostics;
    private readonly Dictionary<string, YNode> _anchors = new(StringComparer.Ordinal);
    private IParser? _parser;

    private YamlDocumentReader(string file, DiagnosticBag diagnostics)
    {
        _file = file;
        _diagnostics = diagnostics;
    }

    /// <summary>Parses one document. Returns null (with a diagnostic) on a syntax error or an empty file.</summary>
    public static YNode? Read(string text, string file, DiagnosticBag diagnostics)
    {
        var reader = new YamlDocumentReader(file, diagnostics);
        try
        {
            return reader.ReadStream(text);
        }
        catch (YamlException ex)
        {
            var span = reader.SpanOf(ex.Start, ex.End);
            diagnostics.Error(DiagnosticCodes.YamlSyntax, "YAML syntax error: " + CleanMessage(ex.Message), span);
            return null;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (instead of a YamlException) on some unterminated flow
            // collections; the last event it produced is the best position we have.
            diagnostics.Error(DiagnosticCodes.YamlSyntax,
                "YAML syntax error: the parser could not continue after this point; expected a closing ']', '}' or quote", reader.LastGoodSpan());
            return null;
        }
    }

    private YNode? ReadStream(string text)
    {
        _parser = new Parser(new StringReader(text));
        Expect<StreamStart>();
        if (_parser.Current is StreamEnd)
        {
            _diagnostics.Error(DiagnosticCodes.EmptyDocument, "the file is empty; expected an item mapping starting with 'item:'", new SourceSpan(_file, 1, 1, 1, 1));
            return null;
        }
        Expect<DocumentStart>();
        var root = ReadNode();
        Expect<DocumentEnd>();
        if (_parser.Current is DocumentStart extra)
        {
            _diagnostics.Error(DiagnosticCodes.MultipleDocuments, "a second YAML document ('---') was found; expected one item per file", SpanOf(extra.Start, extra.End));
        }
        return root;
    }

    private SourceSpan LastGoodSpan()
        => _parser?.Current is { } ev ? SpanOf(ev.Start, ev.End) : new SourceSpan(_file, 1, 1, 1, 1);

    private T Expect<T>() where T : ParsingEvent
    {
        if (_parser!.Current is null) _parser.MoveNext();
        var current = (T)_parser!.Current!;
        _parser.MoveNext();
        return current;
    }

    private YNode ReadNode()
    {
        var ev = _parser!.Current!;
        switch (ev)
        {
            case AnchorAlias alias:
                _parser.MoveNext();
                if (_anchors.TryGetValue(alias.Value.Value, out var target)) return target;
                var aliasSpan = SpanOf(alias.Start, alias.End);
                _diagnostics.Error(DiagnosticCodes.YamlSyntax, $"YAML alias '*{alias.Value.Value}' refers to no anchor defined before it", aliasSpan);
                return new YScalar(aliasSpan, "", YScalarStyle.Plain);
            case Scalar scalar:
                _parser.MoveNext();
                return Remember(scalar.Anchor, new YScalar(SpanOf(scalar.Start, scalar.End), scalar.Value, StyleOf(scalar.Style)));
            case SequenceStart seqStart:
            {
                _parser.MoveNext();
                var items = new List<YNode>();
                while (_parser.Current is not SequenceEnd) items.Add(ReadNode());
                var end = Expect<SequenceEnd>();
                return Remember(seqStart.Anchor, new YSequence(SpanOf(seqStart.Start, end.End), items));
            }
            case MappingStart mapStart:
            {
                _parser.MoveNext();
                var entries = new List<YEntry>();
                while (_parser.Current is not MappingEnd)
                {
                    var key = ReadNode();
                    var value = ReadNode();
                    if (key is YScalar k) entries.Add(new YEntry(k, value));
                    else _diagnostics.Error(DiagnosticCodes.WrongType, $"a mapping key must be plain text, found {key.Describe()}", key.Span);
                }
                var end = Expect<MappingEnd>();
                return Remember(mapStart.Anchor, new YMapping(SpanOf(mapStart.Start, end.End), entries));
            }
            default:
                throw new YamlException(ev.Start, ev.End, "unexpected " + ev.GetType().Name);
        }
    }

    private YNode Remember(AnchorName anchor, YNode node)
    {
        if (!anchor.IsEmpty) _anchors[anchor.Value] = node;
        return node;
    }

    private static YScalarStyle StyleOf(ScalarStyle style) => style switch
    {
        ScalarStyle.SingleQuoted => YScalarStyle.SingleQuoted,
        ScalarStyle.DoubleQuoted => YScalarStyle.DoubleQuoted,
        ScalarStyle.Literal => YScalarStyle.Literal,
        ScalarStyle.Folded => YScalarStyle.Folded,
        _ => YScalarStyle.Plain,
    };

    private SourceSpan SpanOf(Mark start, Mark end)
        => new(_file, (int)Math.Max(1, start.Line), (int)Math.Max(1, start.Column), (int)Math.Max(1, end.Line), (int)Math.Max(1, end.Column));

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: …) - (…): "; our span already says where.
    private static string CleanMessage(string message)
    {
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(Line", StringComparison.Ordinal) ? message[(i + 3)..] : message;
    }
}
