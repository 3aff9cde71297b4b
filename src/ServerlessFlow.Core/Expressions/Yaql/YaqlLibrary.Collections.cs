namespace ServerlessFlow.Core.Expressions.Yaql;

// yaql/standard_library/collections.py.
internal static partial class YaqlLibrary
{
    private static void RegisterCollections(Dictionary<string, YaqlFunction> f)
    {
        f["list"] = call =>
        {
            if (call.Mappings.Length > 0)
            {
                throw call.NoMatch();
            }

            var result = new List<object?>(call.Count);
            for (var i = 0; i < call.Count; i++)
            {
                AddExpandingIterators(call.Value(i), result);
            }

            return result;
        };
        f["toList"] = call =>
        {
            call.Expect(1, 1);
            return new List<object?>(call.Iterable(0));
        };
        f["flatten"] = call =>
        {
            call.Expect(1, 1);
            var result = new YaqlIteratorList();
            Flatten(call, call.Iterable(0), result, 0);
            return result;
        };
        f["dict"] = call =>
        {
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (call.Count == 1 && call.Mappings.Length == 0)
            {
                foreach (var pair in call.Iterable(0))
                {
                    if (!YaqlEvaluation.IsIterable(pair) || YaqlEvaluation.Items(pair).Count < 2)
                    {
                        throw call.Error("StopIteration", string.Empty);
                    }

                    var items = YaqlEvaluation.Items(pair);
                    result[YaqlEvaluation.DictKey(items[0], call.Position)] = items[1];
                }

                return result;
            }

            if (call.Count > 0)
            {
                throw call.NoMatch();
            }

            foreach (var mapping in call.Mappings)
            {
                result[YaqlEvaluation.DictKey(mapping.Key.Evaluate(call.Ev, call.Frame), mapping.Position)] = mapping.Value.Evaluate(call.Ev, call.Frame);
            }

            return result;
        };
        f["toDict"] = call =>
        {
            call.Expect(2, 3);
            var items = call.Iterable(0);
            var key = call.Lambda(1);
            var value = call.Count > 2 ? call.Lambda(2) : null;
            var result = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                result[YaqlEvaluation.DictKey(key(item), call.Position)] = value is null ? item : value(item);
            }

            return result;
        };
        f["get"] = call =>
        {
            call.Expect(2, 3, "default");
            var dict = call.Dict(0);
            var fallback = call.Arg(2, "default", null);
            return dict.TryGetValue(YaqlEvaluation.DictKey(call.Value(1), call.Position), out var value) ? value : fallback;
        };
        f["set"] = call =>
        {
            // dict.set(…) exists only as a method; the function set(…) builds a set.
            if (call.HasReceiver && call.Value(0) is Dictionary<string, object?> dict)
            {
                var result = new Dictionary<string, object?>(dict, StringComparer.Ordinal);
                if (call.Count == 3 && call.Mappings.Length == 0)
                {
                    result[YaqlEvaluation.DictKey(call.Value(1), call.Position)] = call.Value(2);
                    return result;
                }

                if (call.Count == 2 && call.Mappings.Length == 0 && call.Value(1) is Dictionary<string, object?> replacements)
                {
                    foreach (var (key, value) in replacements)
                    {
                        result[key] = value;
                    }

                    return result;
                }

                if (call.Count == 1)
                {
                    foreach (var mapping in call.Mappings)
                    {
                        result[YaqlEvaluation.DictKey(mapping.Key.Evaluate(call.Ev, call.Frame), mapping.Position)] = mapping.Value.Evaluate(call.Ev, call.Frame);
                    }

                    return result;
                }

                throw call.NoMatch();
            }

            if (call.HasReceiver || call.Mappings.Length > 0)
            {
                throw call.NoMatch();
            }

            var items = new List<object?>();
            for (var i = 0; i < call.Count; i++)
            {
                AddExpandingIterators(call.Value(i), items);
            }

            return new YaqlSet(items);
        };
        f["toSet"] = call =>
        {
            call.Expect(1, 1);
            return new YaqlSet(call.Iterable(0));
        };
        f["keys"] = call =>
        {
            call.Expect(1, 1);
            return call.Dict(0).Keys.Select(k => (object?)k).ToList();
        };
        f["values"] = call =>
        {
            call.Expect(1, 1);
            return call.Dict(0).Values.ToList();
        };
        f["items"] = call =>
        {
            call.Expect(1, 1);
            return call.Dict(0).Select(kv => (object?)new List<object?> { kv.Key, kv.Value }).ToList();
        };
        f["contains"] = call =>
        {
            call.Expect(2, 2);
            return YaqlOperators.In(call.Value(1), IterableValue(call, 0), call.Position);
        };
        f["containsKey"] = call =>
        {
            call.Expect(2, 2);
            return call.Value(1) is string key ? call.Dict(0).ContainsKey(key) : call.Dict(0).ContainsKey(YaqlEvaluation.DictKey(call.Value(1), call.Position));
        };
        f["containsValue"] = call =>
        {
            call.Expect(2, 2);
            var value = call.Value(1);
            return call.Dict(0).Values.Any(v => PythonSemantics.Equals(v, value));
        };
        f["isList"] = call =>
        {
            call.Expect(1, 1);
            return PythonSemantics.IsSequence(call.Value(0));
        };
        f["isDict"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is Dictionary<string, object?>;
        };
        f["isSet"] = call =>
        {
            call.Expect(1, 1);
            return call.Value(0) is YaqlSet;
        };
        f["delete"] = call =>
        {
            if (call.Count >= 1 && call.Value(0) is Dictionary<string, object?> dict)
            {
                var copy = new Dictionary<string, object?>(dict, StringComparer.Ordinal);
                for (var i = 1; i < call.Count; i++)
                {
                    copy.Remove(YaqlEvaluation.DictKey(call.Value(i), call.Position));
                }

                return copy;
            }

            call.Expect(2, 3, "position", "count");
            var items = call.Iterable(0);
            var position = call.Integer(1, "position", 0);
            var count = call.Integer(2, "count", 1);
            var result = new YaqlIteratorList();
            for (var i = 0; i < items.Count; i++)
            {
                if ((count >= 0 && !(position <= i && i < position + count)) || (count < 0 && !(i >= position)))
                {
                    result.Add(items[i]);
                }
            }

            return result;
        };
        f["deleteAll"] = call =>
        {
            call.Expect(2, 2);
            var copy = new Dictionary<string, object?>(call.Dict(0), StringComparer.Ordinal);
            foreach (var key in call.Iterable(1))
            {
                copy.Remove(YaqlEvaluation.DictKey(key, call.Position));
            }

            return copy;
        };
        f["insert"] = call =>
        {
            call.Expect(3, 3);
            var items = call.Iterable(0);
            var position = call.Integer(1, "position", 0);
            if (!PythonSemantics.IsSequence(call.Value(0)))
            {
                // yaql's iterator overload: a generator that inserts at the position (or appends past the end).
                var lazy = new YaqlIteratorList();
                for (var i = 0; i < items.Count; i++)
                {
                    if (i == position)
                    {
                        lazy.Add(call.Value(2));
                    }

                    lazy.Add(items[i]);
                }

                if (position >= items.Count)
                {
                    lazy.Add(call.Value(2));
                }

                return lazy;
            }

            var copy = new YaqlPyList(items);
            var at = position < 0 ? Math.Max(0, copy.Count + position) : Math.Min(position, copy.Count);
            copy.Insert((int)at, call.Value(2));
            return copy;
        };
        f["insertMany"] = call =>
        {
            call.Expect(3, 3);
            var items = call.Iterable(0);
            var position = call.Integer(1, "position", 0);
            var values = call.Iterable(2);
            var result = new YaqlIteratorList();
            if (position < 0)
            {
                result.AddRange(values);
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (i == position)
                {
                    result.AddRange(values);
                }

                result.Add(items[i]);
            }

            if (position >= items.Count)
            {
                result.AddRange(values);
            }

            return result;
        };
        f["replaceMany"] = call =>
        {
            call.Expect(3, 4, "position", "values", "count");
            var items = call.Iterable(0);
            var position = call.Integer(1, "position", 0);
            var values = call.Iterable(2);
            return ReplaceRange(items, position, call.Integer(3, "count", 1), values);
        };
        f["union"] = call => SetOp(call, (a, b) => new YaqlSet(a.Items.Concat(b.Items)));
        f["intersect"] = call => SetOp(call, (a, b) => new YaqlSet(a.Items.Where(b.Contains)));
        f["difference"] = call => SetOp(call, (a, b) => new YaqlSet(a.Items.Where(x => !b.Contains(x))));
        f["symmetricDifference"] = call => SetOp(call, (a, b) => new YaqlSet(a.Items.Where(x => !b.Contains(x)).Concat(b.Items.Where(x => !a.Contains(x)))));
        f["add"] = call =>
        {
            var set = call.Value(0) as YaqlSet ?? throw call.NoMatch();
            var items = new List<object?>(set.Items);
            for (var i = 1; i < call.Count; i++)
            {
                items.Add(call.Value(i));
            }

            return new YaqlSet(items);
        };
        f["remove"] = call =>
        {
            var set = call.Value(0) as YaqlSet ?? throw call.NoMatch();
            var removed = new YaqlSet(Enumerable.Range(1, call.Count - 1).Select(call.Value));
            return new YaqlSet(set.Items.Where(x => !removed.Contains(x)));
        };
    }

    // yaql's list(…) expands arguments that are iterators (select/where results), not tuples.
    private static void AddExpandingIterators(object? value, List<object?> into)
    {
        if (value is YaqlIteratorList iterator)
        {
            foreach (var item in iterator)
            {
                AddExpandingIterators(item, into);
            }

            return;
        }

        into.Add(value);
    }

    private static object? IterableValue(YaqlCall call, int index)
    {
        var value = call.Value(index);
        return YaqlEvaluation.IsIterable(value) ? value : throw call.NoMatch();
    }

    // yaql's collection replace() and replaceMany(): the items from position on (count of them, or all when count < 0)
    // give way, once, to the replacement items.
    private static YaqlIteratorList ReplaceRange(List<object?> items, long position, long count, IEnumerable<object?> replacement)
    {
        var output = new YaqlIteratorList(items.Count);
        var yielded = false;
        for (var i = 0; i < items.Count; i++)
        {
            if ((count >= 0 && position <= i && i < position + count) || (count < 0 && i >= position))
            {
                if (!yielded)
                {
                    yielded = true;
                    output.AddRange(replacement);
                }
            }
            else
            {
                output.Add(items[i]);
            }
        }

        return output;
    }

    private static object SetOp(YaqlCall call, Func<YaqlSet, YaqlSet, YaqlSet> op)
    {
        call.Expect(2, 2);
        return call.Value(0) is YaqlSet a && call.Value(1) is YaqlSet b ? op(a, b) : throw call.NoMatch();
    }

    private static void Flatten(YaqlCall call, List<object?> items, List<object?> into, int depth)
    {
        if (depth > call.Ev.Limits.MaxDepth)
        {
            throw new YaqlError("LimitExceeded", "flatten() nested too deep", call.Position, ExpressionErrorKind.Limit);
        }

        call.Ev.Tick(items.Count, call.Position);
        foreach (var item in items)
        {
            if (YaqlEvaluation.IsIterable(item))
            {
                Flatten(call, YaqlEvaluation.Items(item), into, depth + 1);
            }
            else
            {
                into.Add(item);
            }
        }
    }
}
