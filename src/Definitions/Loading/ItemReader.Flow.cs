using System.Collections.Immutable;
using OneStop.Definitions.Flow;
using OneStop.Definitions.Loading.Yaml;
using OneStop.Definitions.Validation;

namespace OneStop.Definitions.Loading;

internal sealed partial class ItemReader
{
    /// <summary>Builds the flow tree with pre-order indexes, resolving return targets against the steps in scope
    /// (earlier direct-child steps of the same and enclosing sequences) as it goes.</summary>
    private sealed partial class FlowBuilder
    {
        private readonly ItemReader _o;
        private readonly List<FlowNode?> _nodes = [];
        private readonly Dictionary<string, (FlowNode Node, SourceSpan Span)> _ids = new(StringComparer.Ordinal);
        private readonly List<List<StepDefinition>> _scopes = [];
        private readonly List<PendingReturn> _pendingReturns = [];

        public FlowBuilder(ItemReader owner) => _o = owner;

        public ImmutableArray<FlowNode> Nodes { get; private set; } = [];

        public Dictionary<string, StepDefinition> Steps { get; } = new(StringComparer.Ordinal);

        public ImmutableArray<SubcaseReference>.Builder Subcases { get; } = ImmutableArray.CreateBuilder<SubcaseReference>();

        private DiagnosticBag D => _o._d;

        private ScalarReader R => _o._r;

        public SequenceDefinition BuildRoot(YNode node)
        {
            var root = BuildSequence(node, "flow", null, "flow");
            if (root.Children.IsEmpty)
            {
                D.Error(DiagnosticCodes.EmptyFlow, "the flow is empty; expected at least one step", node.Span);
            }
            return root;
        }

        public void Finish()
        {
            foreach (var p in _pendingReturns) ReturnRules.ReportOutOfScope(D, p, Steps);
            SetParents(_nodes[0]!, null);
            Nodes = [.. _nodes.Select(n => n!)];
            ReachabilityValidator.Check(D, Nodes);
        }

        private static void SetParents(FlowNode node, FlowNode? parent)
        {
            node.Parent = parent;
            switch (node)
            {
                case SequenceDefinition s:
                    foreach (var c in s.Children) SetParents(c, node);
                    break;
                case ParallelDefinition p:
                    foreach (var b in p.Branches) SetParents(b, node);
                    break;
                case ChooseDefinition c:
                    foreach (var b in c.Branches) SetParents(b.Flow, node);
                    if (c.Otherwise is not null) SetParents(c.Otherwise, node);
                    break;
            }
        }

        private int Reserve()
        {
            _nodes.Add(null);
            return _nodes.Count - 1;
        }

        private T Place<T>(int index, T node) where T : FlowNode
        {
            _nodes[index] = node;
            return node;
        }

        private void RegisterId(string id, FlowNode node, SourceSpan span)
        {
            if (_ids.TryGetValue(id, out var first))
            {
                D.Error(DiagnosticCodes.DuplicateStepId, $"duplicate step id '{id}'; it was first declared at line {first.Span.Line}", span);
                return;
            }
            _ids.Add(id, (node, span));
            if (node is StepDefinition step) Steps.Add(id, step);
        }

        /// <summary>Builds a sequence from a list of flow entries (a missing or wrong node yields an empty sequence).</summary>
        private SequenceDefinition BuildSequence(YNode? node, string id, SourceSpan? span, string what)
        {
            var index = Reserve();
            _scopes.Add([]);
            var children = ImmutableArray.CreateBuilder<FlowNode>();
            if (R.Sequence(node, what) is { } seq)
            {
                foreach (var entry in seq.Items)
                {
                    if (BuildEntry(entry) is { } child) children.Add(child);
                }
            }
            _scopes.RemoveAt(_scopes.Count - 1);
            return Place(index, new SequenceDefinition { Id = id, Index = index, Span = span ?? node?.Span, Children = children.ToImmutable() });
        }

        private FlowNode? BuildEntry(YNode entry)
        {
            if (entry is not YMapping mapping)
            {
                D.Error(DiagnosticCodes.FlowEntryShape, $"a flow entry must be a mapping starting with one of: {string.Join(", ", KeyTables.FlowEntry)}; found {entry.Describe()}", entry.Span);
                return null;
            }
            var construct = mapping.Entries.FirstOrDefault(e => KeyTables.FlowEntry.Contains(e.Key.Value))?.Key.Value;
            switch (construct)
            {
                case "step":
                    return BuildStep(mapping);
                case null:
                {
                    var first = mapping.Entries.FirstOrDefault()?.Key;
                    D.Error(DiagnosticCodes.FlowEntryShape,
                        $"a flow entry must have one of: {string.Join(", ", KeyTables.FlowEntry)}; found {(first is null ? "an empty mapping" : "'" + first.Value + "'")}",
                        first?.Span ?? mapping.Span, first is null ? null : EditDistance.Hint(first.Value, KeyTables.FlowEntry));
                    return null;
                }
            }
            // Blocks are written as a single key whose value holds the block: `- parallel: { … }`.
            var wrapper = MapView.Open(mapping, [construct], construct + " entry", D)!;
            var body = wrapper[construct]!;
            return construct switch
            {
                "parallel" => BuildParallel(body, wrapper.KeyOf(construct)!.Span),
                "choose" => BuildChoose(body, wrapper.KeyOf(construct)!.Span),
                "subcase" => BuildSubcase(body, wrapper.KeyOf(construct)!.Span),
                _ => BuildService(body, wrapper.KeyOf(construct)!.Span),
            };
        }

        private string BlockId(MapView? map, string kind, int index)
        {
            var explicitId = map is null ? null : R.Text(map["id"], $"{kind} id");
            return explicitId ?? $"{kind}@{index}";
        }

        private ParallelDefinition? BuildParallel(YNode body, SourceSpan keySpan)
        {
            var index = Reserve();
            var map = MapView.Open(body, KeyTables.Parallel, "parallel", D);
            var id = BlockId(map, "parallel", index);
            var branches = ImmutableArray.CreateBuilder<SequenceDefinition>();
            var join = JoinMode.All;
            var quorum = 0;
            if (map is not null)
            {
                join = R.Enum(map["join"], "join", Words.Join) ?? JoinMode.All;
                if (R.Mapping(map["branches"], "branches") is { } bm)
                {
                    foreach (var b in MapView.OpenFree(bm, $"branches of {id}", D, DiagnosticCodes.DuplicateBranch, "branch").Entries)
                    {
                        branches.Add(BuildSequence(b.Value, b.Key.Value, b.Key.Span, $"branch '{b.Key.Value}'"));
                    }
                }
                else if (!map.Has("branches"))
                {
                    D.Error(DiagnosticCodes.MissingKey, "a parallel block needs 'branches': a mapping of branch name to flow", map.Span);
                }
                if (map.Has("branches") && branches.Count < 2)
                {
                    D.Error(DiagnosticCodes.InvalidValue, $"a parallel block needs at least two branches, found {branches.Count}", map["branches"]!.Span);
                }
                var quorumNode = map["quorum"];
                if (join == JoinMode.Quorum)
                {
                    if (quorumNode is null) D.Error(DiagnosticCodes.InvalidQuorum, "join: quorum needs 'quorum': the number of branches that must approve", map.KeyOf("join")!.Span);
                    else if (R.Int(quorumNode, "quorum", 1) is { } q)
                    {
                        quorum = q;
                        if (q > branches.Count) D.Error(DiagnosticCodes.InvalidQuorum, $"quorum {q} is more than the {branches.Count} branches of this block", quorumNode.Span);
                    }
                }
                else if (quorumNode is not null)
                {
                    D.Error(DiagnosticCodes.InvalidQuorum, "'quorum' is only allowed with join: quorum", map.KeyOf("quorum")!.Span);
                }
            }
            var node = Place(index, new ParallelDefinition
            {
                Id = id,
                Index = index,
                Span = keySpan,
                When = _o.Condition(map?["when"], $"'when' of {id}"),
                Branches = branches.ToImmutable(),
                Join = join,
                Quorum = join == JoinMode.Quorum ? quorum : (join == JoinMode.Any ? 1 : branches.Count),
                Veto = R.Bool(map?["veto"], "veto") ?? true,
                Lead = R.Text(map?["lead"], "lead"),
            });
            if (map?["id"] is { } idNode) RegisterId(id, node, idNode.Span);
            return node;
        }

        private ChooseDefinition? BuildChoose(YNode body, SourceSpan keySpan)
        {
            var index = Reserve();
            var id = $"choose@{index}";
            var branches = ImmutableArray.CreateBuilder<ChooseBranch>();
            SequenceDefinition? otherwise = null;
            if (R.Sequence(body, "choose") is { } seq)
            {
                var n = 0;
                foreach (var item in seq.Items)
                {
                    n++;
                    if (item is YMapping m && m.Entries.Any(e => e.Key.Value == "otherwise"))
                    {
                        var om = MapView.Open(m, KeyTables.ChooseOtherwise, "otherwise branch", D)!;
                        if (otherwise is not null)
                        {
                            D.Error(DiagnosticCodes.UnreachableBranch, "a second 'otherwise' can never run; a choose block has at most one", om.KeyOf("otherwise")!.Span);
                        }
                        else if (n != seq.Items.Count)
                        {
                            D.Error(DiagnosticCodes.UnreachableBranch, "'otherwise' must be the last branch of a choose block; the branches after it can never run", om.KeyOf("otherwise")!.Span);
                        }
                        var seqNode = BuildSequence(om["otherwise"], id + ".otherwise", om.KeyOf("otherwise")!.Span, "otherwise");
                        otherwise ??= seqNode;
                        continue;
                    }
                    if (MapView.Open(item, KeyTables.ChooseBranch, "choose branch", D) is not { } bm) continue;
                    var when = bm["when"] is { } w ? _o.Condition(w, $"'when' of branch {n} of {id}") : Missing<Expressions.CompiledExpression>(bm, "when", "the branch condition");
                    if (!bm.Has("flow")) D.Error(DiagnosticCodes.MissingKey, "a choose branch needs 'flow': the steps to run when its condition holds", bm.Span);
                    var flow = BuildSequence(bm["flow"], $"{id}.when{n}", bm.Span, "flow");
                    if (when is not null) branches.Add(new ChooseBranch(when, flow));
                }
                if (seq.Items.Count == 0) D.Error(DiagnosticCodes.InvalidValue, "a choose block needs at least one branch", seq.Span);
            }
            return Place(index, new ChooseDefinition { Id = id, Index = index, Span = keySpan, Branches = branches.ToImmutable(), Otherwise = otherwise });
        }

        private T? Missing<T>(MapView map, string key, string what) where T : class
        {
            D.Error(DiagnosticCodes.MissingKey, $"{what} is missing; expected key '{key}'", map.Span);
            return null;
        }
    }
}
