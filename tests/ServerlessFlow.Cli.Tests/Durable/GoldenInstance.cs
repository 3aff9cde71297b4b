using DurableTask.Core.History;

namespace ServerlessFlow.Cli.Tests.Durable;

/// <summary>The recorded history of one orchestration instance of a golden workflow run.</summary>
internal sealed record GoldenInstance(string InstanceId, IReadOnlyList<HistoryEvent> Events);
