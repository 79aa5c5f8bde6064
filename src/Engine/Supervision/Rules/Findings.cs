namespace OneStop.Engine.Supervision.Rules;

/// <summary>Findings of one rule over one commit; allocates only when something fires.</summary>
internal struct Findings
{
    private List<Finding>? _items;

    public readonly int Count => _items?.Count ?? 0;

    public readonly Finding this[int index] => _items![index];

    public void Add(Finding finding) => (_items ??= new List<Finding>(1)).Add(finding);

    public void Clear() => _items?.Clear();
}
