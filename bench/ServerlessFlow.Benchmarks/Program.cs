using BenchmarkDotNet.Running;
using ServerlessFlow.Benchmarks.Durable;

if (args is ["profile-durable-step", ..])
{
    return await DurableStepProfile.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DurableStepBenchmarks).Assembly).Run(args);
return 0;
