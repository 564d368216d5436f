using BenchmarkDotNet.Running;
using Columnar.Bench;

// dotnet run -c Release --project bench/Columnar.Bench -- compare --events 10000000 [--json] [--columnar-only]
// dotnet run -c Release --project bench/Columnar.Bench -- --filter '*' --job short        (BenchmarkDotNet classes)
if (args.Length > 0 && args[0] == "compare") return CompareMode.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(AnalysisBenchmarks).Assembly).Run(args);
return 0;
