using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ServerlessFlow.Benchmarks.Durable.DurableStepBenchmarks).Assembly).Run(args);
