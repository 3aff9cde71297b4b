using ServerlessFlow.Core.Packs;
using ServerlessFlow.Runtime.Tests.Support;

namespace ServerlessFlow.Runtime.Tests.Api;

/// <summary>StackStorm's core pack with a small pack beside it (written to a temp folder) holding a workflow, an action chain and two rules,
/// for the console's endpoints: the workflow graph and the rule tester.</summary>
internal sealed class ConsolePack : IDisposable
{
    public ConsolePack()
    {
        Folder = Directory.CreateTempSubdirectory("sflow-console-pack-").FullName;
        Write("pack.yaml", "ref: shop\nname: shop\ndescription: test pack\nversion: 1.0.0\nauthor: t\nemail: t@example.com\n");
        Write("actions/order.yaml", "name: order\nrunner_type: orquesta\nentry_point: workflows/order.yaml\nenabled: true\n");
        Write("actions/workflows/order.yaml", """
            version: 1.0
            input:
              - items
            tasks:
              start:
                action: core.noop
                next:
                  - when: <% succeeded() %>
                    publish:
                      - started: true
                    do:
                      - check
                      - note
                  - when: <% failed() %>
                    do: fail
              check:
                with:
                  items: i in <% ctx().items %>
                  concurrency: 2
                action: core.echo message=<% item(i) %>
                retry:
                  when: <% failed() %>
                  count: 3
                  delay: 1
                next:
                  - do: done
              note:
                action: core.echo message="note"
                next:
                  - do: done
              done:
                join: all
                action: core.noop
            output:
              - started: <% ctx().started %>
            """);
        Write("actions/chain.yaml", "name: chain\nrunner_type: action-chain\nentry_point: chains/chain.yaml\nenabled: true\n");
        Write("actions/chains/chain.yaml", """
            chain:
              - name: first
                ref: core.noop
                on-success: second
                on-failure: cleanup
              - name: second
                ref: core.echo
                params:
                  message: "{{ first.stdout }}"
                publish:
                  said: "{{ second.stdout }}"
                on-success: "{{ 'cleanup' if said else 'second' }}"
              - name: cleanup
                ref: core.noop
            default: first
            """);
        Write("rules/named.yaml", """
            name: named
            pack: shop
            enabled: true
            trigger:
              type: core.st2.webhook
              parameters:
                url: named
            criteria:
              trigger.body.name:
                type: regex
                pattern: "^[A-Za-z ]+$"
              trigger.body.count:
                type: gt
                pattern: 2
            action:
              ref: core.echo
              parameters:
                message: "hello {{ trigger.body.name }}"
            """);
        Write("rules/any_webhook.yaml", """
            name: any_webhook
            pack: shop
            enabled: false
            trigger:
              type: core.st2.webhook
              parameters:
                url: named
            action:
              ref: core.noop
            """);
        var shop = PackLoader.Load(Source(Folder, "shop"));
        var core = PackLoader.Load(Source(CorePack.Directory, "core"));
        Catalog = PackCatalog.Create([core, shop]);
        if (Catalog.HasErrors)
        {
            throw new InvalidOperationException("Test packs have errors: " + string.Join("; ", Catalog.Diagnostics.Where(d => d.IsError)));
        }
    }

    public string Folder { get; }

    public PackCatalog Catalog { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    private void Write(string path, string text)
    {
        var full = Path.Combine(Folder, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private static InMemoryPackSource Source(string folder, string name) => new(
        folder,
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(folder, f).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal),
        name);
}
