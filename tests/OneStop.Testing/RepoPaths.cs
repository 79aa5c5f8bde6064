namespace OneStop.Testing;

/// <summary>Locates files of the repository from the test output folder. Not [CallerFilePath]: CI builds map
/// source paths to "/_/".</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples", "definitions");

    public static string Fixtures => Path.Combine(Root, "tests", "OneStop.Definitions.Tests", "Fixtures");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Engine.sln not found above " + AppContext.BaseDirectory);
    }
}
