using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ServerlessFlow.Functions;
using ServerlessFlow.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddServerlessFlowFunctions(builder.Configuration);
builder.Services.AddServerlessFlowRuntime(builder.Configuration);
await builder.Build().RunAsync().ConfigureAwait(false);
