using BenchmarkDotNet.Attributes;
using OneStop.Adapters.Sqlite;
using OneStop.Cli.Simulation;

namespace OneStop.Benchmarks.Simulation;

/// <summary>The load simulator as a benchmark: a small service-centre run (1,000 cases on the generated 500-item
/// catalogue, SQLite on a temp file) per invocation, FULL against NORMAL durability. The full-size run is
/// <c>onestop simulate</c> or <c>dotnet run -c Release --project benchmarks/OneStop.Benchmarks -- --simulate [options]</c>.</summary>
[MemoryDiagnoser]
public class SimulatorBenchmarks
{
    /// <summary>Durability of each commit.</summary>
    [Params(SqliteSynchronousMode.Full, SqliteSynchronousMode.Normal)]
    public SqliteSynchronousMode Synchronous { get; set; }

    /// <summary>Generates the catalogue and loads it through the YAML loader (the simulator's first step).</summary>
    [Benchmark]
    public int GenerateAndLoadCatalogue() => CatalogueGenerator.Generate(500, 30, 1).Load().GetValueOrThrow().Items.Length;

    /// <summary>1,000 cases of the default mix, filed over 5 working days, deadlines and outbox included.</summary>
    [Benchmark]
    public async Task<long> Run1000Cases()
    {
        var summary = await new Simulator(new SimulationOptions
        {
            Cases = 1_000, WorkingDays = 5, Seed = 1, Synchronous = Synchronous, Verify = false,
        }).RunAsync();
        return summary.Counters.Commands;
    }
}
