namespace OneStop.Samples.QuickStart;

/// <summary>Finds <c>samples/definitions</c> from the working directory or the build output.</summary>
internal static class SamplePaths
{
    public static string FindDefinitions()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "samples", "definitions");
                if (Directory.Exists(candidate)) return candidate;
            }
        }
        throw new DirectoryNotFoundException("samples/definitions was not found; run from the repository root.");
    }
}
