using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Columnar.Bench -- --filter '*'          (all BenchmarkDotNet classes)
// dotnet run -c Release --project bench/Columnar.Bench -- --filter '*Sessions*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Columnar.Bench.AnalysisBenchmarks).Assembly).Run(args);
