using BenchmarkDotNet.Running;
using ServerlessFlow.Benchmarks.Durable;
using ServerlessFlow.Benchmarks.Serve;

if (args is ["profile-durable-step", ..])
{
    return await DurableStepProfile.RunAsync(args[1..]);
}

if (args is ["console-screenshots", ..])
{
    return await ServerlessFlow.Benchmarks.WebConsole.ConsoleScreenshots.RunAsync();
}

if (args is ["console-measure", ..])
{
    return await ServerlessFlow.Benchmarks.WebConsole.ConsoleMeasure.RunAsync(args[1..]);
}

if (args is ["serve-load", ..])
{
    return await ServeLoad.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(DurableStepBenchmarks).Assembly).Run(args);
return 0;
