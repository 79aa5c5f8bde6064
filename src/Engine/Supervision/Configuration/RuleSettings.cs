using System.Collections.Immutable;
using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>Settings of one built-in rule as written (globally or for an item); null keeps the default.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Enabled">Null keeps the inherited setting.</param>
/// <param name="Level">Null keeps the inherited level.</param>
/// <param name="Parameters">Parameters as written, already checked against the rule.</param>
internal sealed record RuleSettings(string RuleId, bool? Enabled, AlertLevel? Level, ImmutableDictionary<string, string> Parameters);
