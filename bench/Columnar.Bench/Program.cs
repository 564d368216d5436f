using BenchmarkDotNet.Running;
using Columnar.Bench;

// dotnet run -c Release --project bench/Columnar.Bench -- compare --events 10000000 [--json] [--columnar-only]
// dotnet run -c Release --project bench/Columnar.Bench -- sql-registration [--sizes 1000000,3000000,10000000]
// dotnet run -c Release --project bench/Columnar.Bench -- distribution [--analysis sessions] [--threads 1] [--runs 60]
// dotnet run -c Release --project bench/Columnar.Bench -- profiles [--events 10000000] [--runs 7]
// dotnet run -c Release --project bench/Columnar.Bench -- --filter '*' --job short        (BenchmarkDotNet classes)
// dotnet run -c Release --project bench/Columnar.Bench -- generate --events 100000000   (only writes the cached Parquet file)
if (args.Length > 0 && args[0] == "compare") return CompareMode.Run(args);
if (args.Length > 0 && args[0] == "distribution") return DistributionMode.Run(args);
if (args.Length > 0 && args[0] == "profiles") return ProfilesMode.Run(args);
if (args.Length == 3 && args[0] == "generate" && args[1] == "--events")
{
    Console.WriteLine(CompareMode.CachedParquet(new Columnar.Datasets.SyntheticOptions
    {
        Events = int.Parse(args[2].Replace("_", ""), System.Globalization.CultureInfo.InvariantCulture),
    }));
    return 0;
}
if (args.Length > 0 && args[0] == "sql-registration") return SqlRegistrationMode.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(SessionsBenchmarks).Assembly).Run(args);
return 0;
