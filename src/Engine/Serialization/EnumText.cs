namespace OneStop.Engine.Serialization;

/// <summary>Names of enum values without boxing: <c>value.ToString()</c> on an enum boxes it on every call, and the
/// commit path names the case's kind, state, outcome, action and notification kind on every command.</summary>
/// <typeparam name="T">The enum.</typeparam>
internal static class EnumText<T>
    where T : struct, Enum
{
    private static readonly Dictionary<T, string> Names = Enum.GetValues<T>().Distinct().ToDictionary(v => v, v => v.ToString());

    /// <summary>The same text as <c>value.ToString()</c>.</summary>
    public static string Of(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
}
