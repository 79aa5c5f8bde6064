using System.Collections.Immutable;
using OneStop.Definitions.Flow;
using OneStop.Definitions.Loading.Yaml;
using OneStop.Definitions.Validation;

namespace OneStop.Definitions.Loading;

internal sealed partial class ItemReader
{
    private sealed partial class FlowBuilder
    {
        private StepDefinition? BuildStep(YMapping mapping)
        {
            var index = Reserve();
            var m = MapView.Open(mapping, KeyTables.Step, "step", D)!;
            var idNode = m["step"]!;
            var id = R.Text(idNode, "step id") ?? $"step@{index}";
            if (idNode is YScalar { IsNull: false }) _o.CheckId(id, idNode.Span, "step", IdPattern(), "letters, digits, '_', '-' and '.' starting with a letter");
            var what = $"step '{id}'";

            var role = R.Text(m["role"], "role");
            if (role is not null) _o.UseRole(role, m["role"]!.Span);
            var department = R.Text(m["department"], "department");
            var seats = ReadSeats(m, what);
            if (role is null && department is null && seats.All(s => s.Role is null && s.Department is null))
            {
                D.Error(DiagnosticCodes.MissingKey, $"{what} needs a 'role' or a 'department' (or approvers that name one)", idNode.Span);
            }
            var mode = R.Enum(m["mode"], "mode", Words.Mode) ?? (seats.Length > 1 ? ApproverMode.All : ApproverMode.Any);
            var vote = ReadVote(m, mode, seats, what);

            var step = new StepDefinition
            {
                Id = id,
                Index = index,
                Span = idNode.Span,
                Name = R.Text(m["name"], "name"),
                Role = role,
                Department = department,
                Limit = R.Time(m["limit"], "limit"),
                When = _o.Condition(m["when"], $"'when' of {what}"),
                OnTimeout = _o.ReadTimeout(m["on-timeout"], item: false) ?? TimeoutPolicy.Notify,
                SpecialProcedure = ReadSpecialProcedure(m["special-procedure"]),
                Mode = mode,
                Seats = seats,
                Vote = vote,
                ReturnTargets = ReadReturnTargets(m["return-to"], id, index),
                AdvisoryDenial = R.Bool(m["advisory"], "advisory") ?? false,
            };
            Place(index, step);
            RegisterId(id, step, idNode.Span);
            _scopes[^1].Add(step);
            return step;
        }

        private ImmutableArray<ApproverSeat> ReadSeats(MapView m, string what)
        {
            var seats = ImmutableArray.CreateBuilder<ApproverSeat>();
            if (m["approvers"] is { } an && R.Sequence(an, "approvers") is { } seq)
            {
                foreach (var a in seq.Items)
                {
                    if (a is YScalar { IsNull: false } s)
                    {
                        _o.UseRole(s.Value, s.Span);
                        seats.Add(new ApproverSeat(s.Value, null));
                    }
                    else if (MapView.Open(a, KeyTables.Approver, "approver", D) is { } am)
                    {
                        var role = R.Text(am["role"], "approver role");
                        if (role is not null) _o.UseRole(role, am["role"]!.Span);
                        seats.Add(new ApproverSeat(role, R.Text(am["department"], "approver department"), R.Int(am["weight"], "weight", 1) ?? 1));
                    }
                }
                if (seq.Items.Count == 0) D.Error(DiagnosticCodes.InvalidValue, $"'approvers' of {what} is empty; expected at least one approver", seq.Span);
                if (m.KeyOf("count") is { } countKey)
                {
                    D.Error(DiagnosticCodes.InvalidValue, "use either 'approvers' or 'count', not both", countKey.Span);
                }
            }
            else if (R.Int(m["count"], "count", 1) is { } count)
            {
                for (var i = 0; i < count; i++) seats.Add(new ApproverSeat(null, null));
            }
            if (seats.Count == 0) seats.Add(new ApproverSeat(null, null));

            if (m["weights"] is { } wn && R.Sequence(wn, "weights") is { } ws)
            {
                if (ws.Items.Count != seats.Count)
                {
                    D.Error(DiagnosticCodes.InvalidVote, $"'weights' has {ws.Items.Count} entries but {what} has {seats.Count} approvers; give one weight per approver", ws.Span);
                }
                else
                {
                    for (var i = 0; i < seats.Count; i++)
                    {
                        seats[i] = seats[i] with { Weight = R.Int(ws.Items[i], "weight", 1) ?? 1 };
                    }
                }
            }
            return seats.ToImmutable();
        }

        private VoteRule? ReadVote(MapView m, ApproverMode mode, ImmutableArray<ApproverSeat> seats, string what)
        {
            var voteNode = m["vote"];
            if (mode != ApproverMode.Vote)
            {
                if (voteNode is not null) D.Error(DiagnosticCodes.InvalidVote, $"'vote' is only allowed with mode: vote; {what} has mode {mode.ToString().ToLowerInvariant()}", m.KeyOf("vote")!.Span);
                if (m.KeyOf("weights") is { } wk) D.Error(DiagnosticCodes.InvalidVote, $"'weights' is only allowed with mode: vote", wk.Span);
                return null;
            }
            if (voteNode is null)
            {
                D.Error(DiagnosticCodes.InvalidVote, $"mode: vote needs a 'vote' rule, e.g. vote: {{ ratio: 2/3 }} or vote: {{ count: 3 }}", m.KeyOf("mode")!.Span);
                return null;
            }
            if (MapView.Open(voteNode, KeyTables.Vote, "vote", D) is not { } v) return null;
            if (v.Has("ratio") == v.Has("count"))
            {
                D.Error(DiagnosticCodes.InvalidVote, "a vote rule needs exactly one of 'ratio' (e.g. 2/3, 60%) or 'count' (approving weight needed)", v.Span);
                return null;
            }
            var total = seats.Sum(s => s.Weight);
            decimal? ratio = null;
            int? count = null;
            if (v["ratio"] is { } rn)
            {
                if (rn is YScalar rs && TryParseShare(rs.Value, out var r) && r > 0 && r <= 1) ratio = r;
                else D.Error(DiagnosticCodes.InvalidVote, $"vote ratio must be a share in (0, 1] such as 2/3, 60% or 0.5, found {rn.Describe()}", rn.Span);
            }
            else if (R.Int(v["count"], "vote count", 1) is { } c)
            {
                count = c;
                if (c > total) D.Error(DiagnosticCodes.InvalidVote, $"vote count {c} can never be reached: the approvers of {what} carry a total weight of {total}", v["count"]!.Span);
            }
            if (ratio is null && count is null) return null;
            return new VoteRule(ratio, count, R.Bool(v["abstain-counts"], "abstain-counts") ?? true);
        }

        private SpecialProcedureDefinition? ReadSpecialProcedure(YNode? node)
        {
            if (node is null) return null;
            if (node is YScalar)
            {
                return R.Enum(node, "special-procedure", Words.SpecialProcedure) is { } k ? new SpecialProcedureDefinition(k, null) : null;
            }
            if (MapView.Open(node, KeyTables.SpecialProcedure, "special-procedure", D) is not { } m) return null;
            if (!m.Has("kind")) D.Error(DiagnosticCodes.MissingKey, "the special procedure kind is missing; expected key 'kind'", m.Span);
            var kind = R.Enum(m["kind"], "special-procedure kind", Words.SpecialProcedure);
            var budget = R.Time(m["budget"], "budget");
            return kind is { } kv ? new SpecialProcedureDefinition(kv, budget) : null;
        }

        private ImmutableArray<ReturnTarget> ReadReturnTargets(YNode? node, string stepId, int index)
        {
            if (node is null) return [];
            IEnumerable<YNode> items = node is YSequence seq ? seq.Items : [node];
            var b = ImmutableArray.CreateBuilder<ReturnTarget>();
            foreach (var item in items)
            {
                if (R.Text(item, "return target") is not { } target) continue;
                if (ReturnRules.Resolve(D, _scopes, target, item.Span, stepId) is { } resolved) b.Add(resolved);
                else if (target is not (Words.Previous or Words.Start)) _pendingReturns.Add(new PendingReturn(stepId, index, target, item.Span));
            }
            return b.ToImmutable();
        }

        private SubcaseDefinition? BuildSubcase(YNode body, SourceSpan keySpan)
        {
            var index = Reserve();
            var m = MapView.Open(body, KeyTables.Subcase, "subcase", D);
            if (m is null) return Place(index, new SubcaseDefinition { Id = $"subcase@{index}", Index = index, Span = keySpan });
            var id = BlockId(m, "subcase", index);
            var code = R.RequiredText(m, "item", "the code of the item to start");
            var mapping = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            var mapKeys = ImmutableArray.CreateBuilder<(string, SourceSpan)>();
            if (R.Mapping(m["map"], "map") is { } mm)
            {
                foreach (var e in MapView.OpenFree(mm, "map", D).Entries)
                {
                    if (R.Text(e.Value, $"parent field for '{e.Key.Value}'") is not { } parentField) continue;
                    if (!_o._schema.TryGetField(parentField, out _))
                    {
                        D.Error(DiagnosticCodes.UndefinedField, $"'{parentField}' is not a form field of this item; 'map' copies parent fields into the child's fields (child: parent)",
                            e.Value.Span, EditDistance.Hint(parentField, _o._schema.Fields.Select(f => f.Path)));
                    }
                    mapping[e.Key.Value] = parentField;
                    mapKeys.Add((e.Key.Value, e.Key.Span));
                }
            }
            var node = Place(index, new SubcaseDefinition
            {
                Id = id,
                Index = index,
                Span = keySpan,
                When = _o.Condition(m["when"], $"'when' of {id}"),
                ItemCode = code ?? "",
                Version = R.Int(m["version"], "version", 1),
                FormMapping = mapping.ToImmutable(),
                Required = R.Bool(m["required"], "required") ?? true,
            });
            if (m["id"] is { } idNode) RegisterId(id, node, idNode.Span);
            if (code is not null) Subcases.Add(new SubcaseReference(node, m["item"]!.Span, mapKeys.ToImmutable()));
            return node;
        }

        private ServiceDefinition? BuildService(YNode body, SourceSpan keySpan)
        {
            var index = Reserve();
            var m = MapView.Open(body, KeyTables.Service, "service", D);
            if (m is null) return Place(index, new ServiceDefinition { Id = $"service@{index}", Index = index, Span = keySpan });
            var id = BlockId(m, "service", index);
            var node = Place(index, new ServiceDefinition
            {
                Id = id,
                Index = index,
                Span = keySpan,
                When = _o.Condition(m["when"], $"'when' of {id}"),
                Handler = R.RequiredText(m, "handler", "the name of the host handler") ?? "",
                MaxAttempts = R.Int(m["attempts"], "attempts", 1) ?? 5,
                Limit = R.Time(m["limit"], "limit"),
            });
            if (m["id"] is { } idNode) RegisterId(id, node, idNode.Span);
            return node;
        }
    }
}
