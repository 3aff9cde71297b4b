using ServerlessFlow.Azure.Tests.Support;
using ServerlessFlow.Runtime.Executions;
using ServerlessFlow.Runtime.Records;

namespace ServerlessFlow.Azure.Tests.Contracts;

/// <summary>What every <see cref="IExecutionStore"/> must do; run against the in-memory and the Table Storage adapter.</summary>
public abstract class ExecutionStoreContract
{
    protected abstract Task<IExecutionStore> CreateStoreAsync();

    [Fact]
    public async Task CreateAsync_NewId_StoresRecordWithVersion()
    {
        var store = await CreateStoreAsync();
        var (stored, created) = await store.CreateAsync(Records.Execution("a1"));
        Assert.True(created);
        Assert.NotNull(stored.Version);
        var read = await store.GetAsync("a1");
        Assert.NotNull(read);
        Assert.Equal("core.echo", read.Action);
        Assert.Equal(ExecutionStatus.Requested, read.Status);
        Assert.Equal(Records.T0, read.StartTimestamp);
    }

    [Fact]
    public async Task CreateAsync_ExistingId_KeepsFirstRecord()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Records.Execution("dup", action: "first.action"));
        var (stored, created) = await store.CreateAsync(Records.Execution("dup", action: "second.action"));
        Assert.False(created);
        Assert.Equal("first.action", stored.Action);
        Assert.Single((await store.ListAsync(new ExecutionQuery())).Items);
    }

    [Fact]
    public async Task GetAsync_Missing_ReturnsNull()
    {
        var store = await CreateStoreAsync();
        Assert.Null(await store.GetAsync("nope"));
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_ReplacesAndBumpsVersion()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Records.Execution("u1"));
        var running = await store.UpdateAsync(stored.WithStatus(ExecutionStatus.Running, Records.T0.AddSeconds(1)));
        Assert.NotEqual(stored.Version, running.Version);
        var done = await store.UpdateAsync(running.WithStatus(ExecutionStatus.Succeeded, Records.T0.AddSeconds(2)) with { Result = new Dictionary<string, object?> { ["stdout"] = "ok" } });
        var read = await store.GetAsync("u1");
        Assert.Equal(ExecutionStatus.Succeeded, read!.Status);
        Assert.Equal(done.Version, read.Version);
        Assert.Equal("ok", ((Dictionary<string, object?>)read.Result!)["stdout"]);
        Assert.Equal(3, read.Log.Count);
    }

    [Fact]
    public async Task UpdateAsync_StaleVersion_Conflicts()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Records.Execution("c1"));
        await store.UpdateAsync(stored.WithStatus(ExecutionStatus.Running, Records.T0));
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.UpdateAsync(stored.WithStatus(ExecutionStatus.Canceled, Records.T0)));
    }

    [Fact]
    public async Task UpdateAsync_Missing_NotFound()
    {
        var store = await CreateStoreAsync();
        await Assert.ThrowsAsync<RecordNotFoundException>(() => store.UpdateAsync(Records.Execution("ghost") with { Version = "1" }));
    }

    [Fact]
    public async Task ListAsync_Paging_NewestFirstWithoutGapsOrDuplicates()
    {
        var store = await CreateStoreAsync();
        for (var i = 0; i < 25; i++)
        {
            await store.CreateAsync(Records.Execution($"p{i:D2}", secondsAfterT0: i));
        }

        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(new ExecutionQuery { Limit = 7, ContinuationToken = token });
            Assert.True(page.Items.Count <= 7);
            seen.AddRange(page.Items.Select(e => e.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"p{i:D2}"), seen);
    }

    [Fact]
    public async Task ListAsync_Filters_MatchOnlyTheirRecords()
    {
        var store = await CreateStoreAsync();
        var ruled = new ExecutionContextState { RuleRef = "p.rule", TriggerType = "core.st2.webhook", TraceTag = "trace/1 #x?" };
        await store.CreateAsync(Records.Execution("f1", 1, "core.echo", ruled));
        await store.CreateAsync(Records.Execution("f2", 2, "core.local"));
        var (f3, _) = await store.CreateAsync(Records.Execution("f3", 3, "core.echo"));
        await store.UpdateAsync(f3.WithStatus(ExecutionStatus.Running, Records.T0).WithStatus(ExecutionStatus.Failed, Records.T0));

        async Task<List<string>> Ids(ExecutionQuery q) => (await store.ListAsync(q)).Items.Select(e => e.Id).ToList();
        Assert.Equal(["f3", "f1"], await Ids(new ExecutionQuery { Action = "core.echo" }));
        Assert.Equal(["f3"], await Ids(new ExecutionQuery { Status = ExecutionStatus.Failed }));
        Assert.Equal(["f1"], await Ids(new ExecutionQuery { Action = "core.echo", Status = ExecutionStatus.Requested }));
        Assert.Equal(["f1"], await Ids(new ExecutionQuery { Rule = "p.rule" }));
        Assert.Equal(["f1"], await Ids(new ExecutionQuery { TriggerType = "core.st2.webhook" }));
        Assert.Equal(["f1"], await Ids(new ExecutionQuery { TraceTag = "trace/1 #x?" }));
        Assert.Empty(await Ids(new ExecutionQuery { Rule = "other.rule" }));
    }

    [Fact]
    public async Task ListChildrenAsync_Parent_ReturnsChildrenOldestFirst()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Records.Execution("parent"));
        await store.CreateAsync(Records.Execution("child2", 2, context: new ExecutionContextState { ParentExecutionId = "parent", ParentTaskName = "b" }));
        await store.CreateAsync(Records.Execution("child1", 1, context: new ExecutionContextState { ParentExecutionId = "parent", ParentTaskName = "a" }));
        await store.CreateAsync(Records.Execution("other", 3, context: new ExecutionContextState { ParentExecutionId = "elsewhere" }));
        Assert.Equal(["child1", "child2"], (await store.ListChildrenAsync("parent")).Select(e => e.Id));
    }

    [Fact]
    public async Task CreateManyAsync_Batch_StoresAllAndLeavesExistingAlone()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Records.Execution("b005", action: "kept.action"));
        var batch = Enumerable.Range(0, 250).Select(i => Records.Execution($"b{i:D3}", i)).ToList();
        await store.CreateManyAsync(batch);
        Assert.Equal("kept.action", (await store.GetAsync("b005"))!.Action);
        var all = new List<string>();
        string? token = null;
        do
        {
            var page = await store.ListAsync(new ExecutionQuery { Limit = 1000, ContinuationToken = token });
            all.AddRange(page.Items.Select(e => e.Id));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.Equal(250, all.Distinct().Count());
    }

    [Fact]
    public async Task UpdateAsync_FiftyMegabyteResult_RoundTrips()
    {
        var store = await CreateStoreAsync();
        var (stored, _) = await store.CreateAsync(Records.Execution("big"));
        var big = string.Create(50 * 1024 * 1024, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = (char)('a' + (i % 26));
            }
        });
        await store.UpdateAsync(stored.WithStatus(ExecutionStatus.Running, Records.T0).WithStatus(ExecutionStatus.Succeeded, Records.T0) with
        {
            Result = new Dictionary<string, object?> { ["stdout"] = big, ["unicode"] = "é✓🚀" },
        });
        var read = await store.GetAsync("big");
        var result = (Dictionary<string, object?>)read!.Result!;
        Assert.Equal(big.Length, ((string)result["stdout"]!).Length);
        Assert.Equal(big, result["stdout"]);
        Assert.Equal("é✓🚀", result["unicode"]);
    }
}
