using System.Collections.Immutable;
using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Flow;

/// <summary>Per-definition data the runtime needs, computed once and cached by content hash: subtree ranges,
/// positions in parents, resolved seats and total vote weights. Immutable and shared by all cases.</summary>
internal sealed class FlowPlan
{
    private FlowPlan(ItemDefinition item)
    {
        Item = item;
        var nodes = item.Nodes;
        var n = nodes.Length;
        Nodes = nodes;
        SubtreeEnd = new int[n];
        Position = new int[n];
        Parent = new int[n];
        Seats = new ImmutableArray<SeatPlan>[n];
        Seated = new SeatColumns[n][];
        TotalWeight = new int[n];
        for (var i = 0; i < n; i++)
        {
            var node = nodes[i];
            Parent[i] = node.Parent?.Index ?? -1;
            SubtreeEnd[i] = ComputeEnd(node);
            if (node is StepDefinition step)
            {
                var seats = ResolveSeats(step, item.Department);
                Seats[i] = seats;
                var steps = new SeatColumns[seats.Length];
                for (var k = 0; k < steps.Length; k++) steps[k] = new SeatColumns(step.Id, seats[k].Role, seats[k].Department);
                Seated[i] = steps;
                var total = 0;
                foreach (var s in seats) total += s.Weight;
                TotalWeight[i] = total;
            }
            else
            {
                Seats[i] = [];
                Seated[i] = [];
            }
            switch (node)
            {
                case SequenceDefinition seq:
                    for (var k = 0; k < seq.Children.Length; k++) Position[seq.Children[k].Index] = k;
                    break;
                case ParallelDefinition par:
                    for (var k = 0; k < par.Branches.Length; k++) Position[par.Branches[k].Index] = k;
                    break;
                case ChooseDefinition choose:
                    for (var k = 0; k < choose.Branches.Length; k++) Position[choose.Branches[k].Flow.Index] = k;
                    if (choose.Otherwise is not null) Position[choose.Otherwise.Index] = choose.Branches.Length;
                    break;
            }
        }
    }

    /// <summary>The definition.</summary>
    public ItemDefinition Item { get; }

    /// <summary>The definition text a new case of this plan pins (one record per plan, not per submission: the store
    /// keeps the first it sees for the hash).</summary>
    public Storage.DefinitionRecord Definition => _definition ??= new Storage.DefinitionRecord(Item.ContentHash, Item.ItemCode, Item.Version, Item.SourceText);

    private Storage.DefinitionRecord? _definition;
    /// <summary>Nodes by index.</summary>
    public ImmutableArray<FlowNode> Nodes { get; }
    /// <summary>Exclusive end of each node's pre-order subtree range.</summary>
    public int[] SubtreeEnd { get; }
    /// <summary>Position of each node in its parent's children or branches.</summary>
    public int[] Position { get; }
    /// <summary>Parent index, -1 for the root.</summary>
    public int[] Parent { get; }
    /// <summary>Resolved approver seats per step (empty for other nodes).</summary>
    public ImmutableArray<SeatPlan>[] Seats { get; }
    /// <summary>Per step and seat: the step, role and department its task notices and rows share (immutable).</summary>
    public SeatColumns[][] Seated { get; }

    /// <summary>The notice and row part for a task of seat <paramref name="seat"/> of step <paramref name="node"/> held for
    /// <paramref name="role"/> and <paramref name="department"/>: the seat's shared one when it names them.</summary>
    public SeatColumns SeatColumnsOf(int node, int seat, string? role, string? department)
    {
        var steps = Seated[node];
        return (uint)seat < (uint)steps.Length && steps[seat].Names(role, department) ? steps[seat] : new SeatColumns(Nodes[node].Id, role, department);
    }

    /// <summary>Sum of seat weights per step.</summary>
    public int[] TotalWeight { get; }

    /// <summary>The per-node arrays the closed cases of this plan that the engine cached last share (see
    /// <see cref="CaseSnapshot.ShareClosedParts"/>); never written. Not part of the plan's definition: a plan's closed
    /// cases usually end with the same arrays.</summary>
    internal ClosedNodeArrays? ClosedParts
    {
        get => Volatile.Read(ref _closedParts);
        set => Volatile.Write(ref _closedParts, value);
    }

    private ClosedNodeArrays? _closedParts;

    /// <summary>Builds the plan for an item.</summary>
    public static FlowPlan For(ItemDefinition item) => new(item);

    /// <summary>True when <paramref name="node"/> lies in the subtree of <paramref name="ancestor"/>.</summary>
    public bool IsWithin(int node, int ancestor) => node >= ancestor && node < SubtreeEnd[ancestor];

    private static int ComputeEnd(FlowNode node)
    {
        // Pre-order: the subtree ends after the last descendant of the last child.
        var last = node;
        while (true)
        {
            FlowNode? next = last switch
            {
                SequenceDefinition s when s.Children.Length > 0 => s.Children[^1],
                ParallelDefinition p when p.Branches.Length > 0 => p.Branches[^1],
                ChooseDefinition c when c.Otherwise is not null => c.Otherwise,
                ChooseDefinition c when c.Branches.Length > 0 => c.Branches[^1].Flow,
                _ => null,
            };
            if (next is null) return last.Index + 1;
            last = next;
        }
    }

    private static ImmutableArray<SeatPlan> ResolveSeats(StepDefinition step, string itemDepartment)
    {
        var department = step.Department ?? (step.Role is null ? itemDepartment : null);
        if (step.Seats.IsDefaultOrEmpty) return [new SeatPlan(step.Role, department, 1)];
        var b = ImmutableArray.CreateBuilder<SeatPlan>(step.Seats.Length);
        foreach (var seat in step.Seats)
        {
            var role = seat.Role ?? step.Role;
            var dept = seat.Department ?? step.Department ?? (role is null ? itemDepartment : null);
            b.Add(new SeatPlan(role, dept, seat.Weight <= 0 ? 1 : seat.Weight));
        }
        return b.MoveToImmutable();
    }
}

/// <summary>Per-node arrays of a closed case, shared by the plan's closed cases that end with the same ones (never written).</summary>
internal sealed record ClosedNodeArrays(NodeStatus[] Status, int[] Cursor, int[] Approve, long[] Done);

/// <summary>A resolved approver seat.</summary>
/// <param name="Role">Role.</param>
/// <param name="Department">Department.</param>
/// <param name="Weight">Vote weight.</param>
internal sealed record SeatPlan(string? Role, string? Department, int Weight);
