namespace OneStop.Storage.Conformance;
/// <summary>Placeholder until the suite lands.</summary>
public static class Marker { }
