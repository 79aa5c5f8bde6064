using System.Collections.Immutable;
using System.Globalization;
using OneStop.Definitions.Loading.Yaml;
using OneStop.Definitions.Validation;

namespace OneStop.Definitions.Loading;

internal sealed partial class ItemReader
{
    private TimeLimitsDefinition ReadTime(YNode? node)
    {
        var joint = _kind == ItemKind.Joint;
        var statutoryDefault = TimeAmount.Workdays(joint ? 45 : 20);
        var extensionDefault = TimeAmount.Workdays(joint ? 15 : 10);
        TimeAmount? reviewDefault = _kind == ItemKind.Referred ? TimeAmount.Workdays(20) : null;
        if (node is null)
        {
            return new TimeLimitsDefinition { Statutory = statutoryDefault, Extension = extensionDefault, Review = reviewDefault };
        }
        if (MapView.Open(node, KeyTables.Time, "time", _d) is not { } t) return new TimeLimitsDefinition();

        var statutory = _r.Time(t["statutory"], "statutory");
        var promised = _r.Time(t["promised"], "promised");
        var review = _r.Time(t["review"], "review");
        var legalOverride = _r.Text(t["legal-override"], "legal-override");
        var onTimeout = ReadTimeout(t["on-timeout"], item: true);
        if (review is not null && _kind != ItemKind.Referred)
        {
            _d.Error(DiagnosticCodes.KindMismatch, $"'review' is only allowed on referred items (kind: referred); this item is {_kind.ToString().ToLowerInvariant()}", t.KeyOf("review")!.Span);
        }
        TimeLimitValidator.Check(_d, _kind, statutory ?? statutoryDefault, t["statutory"], promised, t["promised"], legalOverride);

        return new TimeLimitsDefinition
        {
            Statutory = statutory ?? statutoryDefault,
            Promised = promised,
            Extension = _r.Time(t["extension"], "extension") ?? extensionDefault,
            Review = review ?? reviewDefault,
            Delivery = _r.Time(t["delivery"], "delivery") ?? TimeAmount.Workdays(10),
            CorrectionNotice = _r.Time(t["correction-notice"], "correction-notice") ?? TimeAmount.Workdays(5),
            LegalOverride = legalOverride,
            Warnings = ReadWarnings(t["warnings"]),
            OnTimeout = onTimeout ?? TimeoutPolicy.Notify,
        };
    }

    private ImmutableArray<WarningThreshold> ReadWarnings(YNode? node)
    {
        if (_r.Sequence(node, "warnings") is not { } seq) return [];
        var b = ImmutableArray.CreateBuilder<WarningThreshold>();
        foreach (var item in seq.Items)
        {
            if (MapView.Open(item, KeyTables.Warning, "warning", _d) is not { } w) continue;
            var level = w["level"] is { } l ? _r.Enum(l, "level", Words.Level) : Missing<AlertLevel?>(w, "level", "the warning level (reminder, yellow or red)");
            var remaining = _r.Time(w["remaining"], "remaining");
            var used = ReadShare(w["used"]);
            if (w.Has("remaining") == w.Has("used"))
            {
                _d.Error(DiagnosticCodes.InvalidValue, "a warning needs exactly one of 'remaining' (e.g. 2 workdays) or 'used' (e.g. 80%)", w.Span);
            }
            if (level is not null && (remaining is not null || used is not null)) b.Add(new WarningThreshold(level.Value, remaining, used));
        }
        return b.ToImmutable();
    }

    /// <summary>A share such as <c>80%</c>, <c>0.8</c> or <c>2/3</c>, in (0, 1].</summary>
    private decimal? ReadShare(YNode? node)
    {
        if (node is null) return null;
        if (node is YScalar s && TryParseShare(s.Value, out var share) && share > 0 && share <= 1) return share;
        _d.Error(DiagnosticCodes.InvalidValue, $"a share must be a percentage, a fraction or a number in (0, 1], e.g. 80%, 2/3 or 0.8, found {node.Describe()}", node.Span);
        return null;
    }

    internal static bool TryParseShare(string text, out decimal share)
    {
        share = 0;
        text = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (text.EndsWith('%'))
        {
            if (!decimal.TryParse(text[..^1], NumberStyles.Number, inv, out var pct)) return false;
            share = pct / 100m;
            return true;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            if (!decimal.TryParse(text[..slash], NumberStyles.Number, inv, out var num) ||
                !decimal.TryParse(text[(slash + 1)..], NumberStyles.Number, inv, out var den) || den == 0) return false;
            share = num / den;
            return true;
        }
        return decimal.TryParse(text, NumberStyles.Number, inv, out share);
    }

    /// <summary>Reads <c>on-timeout</c>: a word (notify, escalate, auto-pass, deemed-approved) or { action, to }.</summary>
    private TimeoutPolicy? ReadTimeout(YNode? node, bool item)
    {
        if (node is null) return null;
        TimeoutAction? action;
        string? to = null;
        YNode? toNode = null;
        if (node is YScalar)
        {
            action = _r.Enum(node, "on-timeout", Words.Timeout);
        }
        else if (MapView.Open(node, KeyTables.OnTimeout, "on-timeout", _d) is { } m)
        {
            action = m["action"] is { } a ? _r.Enum(a, "on-timeout action", Words.Timeout) : Missing<TimeoutAction?>(m, "action", "the on-timeout action");
            toNode = m["to"];
            to = _r.Text(toNode, "escalation role");
        }
        else return null;
        if (action is null) return null;
        if (action == TimeoutAction.Escalate && to is null)
        {
            _d.Error(DiagnosticCodes.InvalidTimeoutPolicy, "on-timeout escalate needs the role to escalate to: on-timeout: { action: escalate, to: ROLE }", node.Span);
        }
        if (action != TimeoutAction.Escalate && toNode is not null)
        {
            _d.Error(DiagnosticCodes.InvalidTimeoutPolicy, "'to' is only allowed with action escalate", toNode.Span);
        }
        if (item && action == TimeoutAction.AutoPass)
        {
            _d.Error(DiagnosticCodes.InvalidTimeoutPolicy, "auto-pass applies to steps; an item's on-timeout must be notify, escalate or deemed-approved", node.Span);
        }
        if (!item && action == TimeoutAction.DeemedApproved)
        {
            _d.Error(DiagnosticCodes.InvalidTimeoutPolicy, "deemed-approved applies to the item's decision clock (time.on-timeout), not to a step", node.Span);
        }
        if (to is not null) UseRole(to, toNode!.Span);
        return new TimeoutPolicy(action.Value, to);
    }
}
