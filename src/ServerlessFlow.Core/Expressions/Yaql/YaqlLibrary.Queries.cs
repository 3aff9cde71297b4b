namespace ServerlessFlow.Core.Expressions.Yaql;

// yaql/standard_library/queries.py. Results that yaql produces lazily are materialised (counted
// against the iteration limit) and marked as iterators.
internal static partial class YaqlLibrary
{
    private static void RegisterQueries(Dictionary<string, YaqlFunction> f)
    {
        f["where"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var predicate = call.Lambda(1);
            var result = new YaqlIteratorList();
            foreach (var item in items)
            {
                if (PythonSemantics.IsTruthy(predicate(item)))
                {
                    result.Add(item);
                }
            }

            return result;
        };
        f["select"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var selector = call.Lambda(1);
            var result = new YaqlIteratorList(items.Count);
            foreach (var item in items)
            {
                result.Add(selector(item));
            }

            return result;
        };
        f["selectMany"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var selector = call.Lambda(1);
            var result = new YaqlIteratorList();
            foreach (var item in items)
            {
                var inner = selector(item);
                if (YaqlEvaluation.IsIterable(inner))
                {
                    result.AddRange(YaqlEvaluation.Items(inner));
                }
                else
                {
                    result.Add(inner);
                }

                call.Ev.CheckLength(result.Count, call.Position);
            }

            return result;
        };
        f["skip"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var count = call.Integer(1, "count", 0);
            if (count < 0)
            {
                throw call.Error("ValueError", "Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }

            return new YaqlIteratorList(items.Skip((int)Math.Min(count, int.MaxValue)));
        };
        YaqlFunction limit = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var count = call.Integer(1, "count", 0);
            if (count < 0)
            {
                throw call.Error("ValueError", "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }

            return new YaqlIteratorList(items.Take((int)Math.Min(count, int.MaxValue)));
        };
        f["limit"] = limit;
        f["take"] = limit;
        f["append"] = call =>
        {
            var result = new YaqlIteratorList(call.Iterable(0));
            for (var i = 1; i < call.Count; i++)
            {
                result.Add(call.Value(i));
            }

            return result;
        };
        f["distinct"] = call =>
        {
            call.Expect(1, 2);
            var items = call.Iterable(0);
            var key = call.Count > 1 ? call.Lambda(1) : null;
            var seen = new HashSet<object?>(PythonSemantics.Comparer);
            var result = new YaqlIteratorList();
            foreach (var item in items)
            {
                if (seen.Add(key is null ? item : key(item)))
                {
                    result.Add(item);
                }
            }

            return result;
        };
        f["enumerate"] = call =>
        {
            call.Expect(1, 2, "start");
            var items = call.Iterable(0);
            var start = call.Integer(1, "start", 0);
            var result = new YaqlIteratorList(items.Count);
            foreach (var item in items)
            {
                result.Add(new YaqlPyList { start++, item });
            }

            return result;
        };
        f["any"] = call =>
        {
            call.Expect(1, 2);
            var items = call.Iterable(0);
            var predicate = call.Count > 1 ? call.Lambda(1) : null;
            foreach (var item in items)
            {
                if (predicate is null || PythonSemantics.IsTruthy(predicate(item)))
                {
                    return true;
                }
            }

            return false;
        };
        f["all"] = call =>
        {
            call.Expect(1, 2);
            var items = call.Iterable(0);
            var predicate = call.Count > 1 ? call.Lambda(1) : null;
            foreach (var item in items)
            {
                if (!PythonSemantics.IsTruthy(predicate is null ? item : predicate(item)))
                {
                    return false;
                }
            }

            return true;
        };
        f["concat"] = call =>
        {
            if (call.Mappings.Length > 0)
            {
                throw call.NoMatch();
            }

            // Both of yaql's concat overloads (strings, collections) accept no arguments.
            if (call.Count == 0)
            {
                throw call.Error("AmbiguousFunctionException", "Ambiguous function \"concat\"");
            }

            if (call.Count > 0 && Enumerable.Range(0, call.Count).All(i => call.Value(i) is string))
            {
                var text = string.Concat(Enumerable.Range(0, call.Count).Select(i => (string)call.Value(i)!));
                call.Ev.CheckLength(text.Length, call.Position);
                return text;
            }

            var result = new YaqlIteratorList();
            for (var i = 0; i < call.Count; i++)
            {
                result.AddRange(call.Iterable(i));
                call.Ev.CheckLength(result.Count, call.Position);
            }

            return result;
        };
        f["count"] = call =>
        {
            call.Expect(1, 1);
            return (long)call.Iterable(0).Count;
        };
        f["memorize"] = call =>
        {
            call.Expect(1, 1);
            return call.Iterable(0);
        };
        f["sum"] = call => Aggregate(call, (c, a, b) => YaqlOperators.Add(c.Ev, a, b, c.Position));
        f["first"] = call =>
        {
            call.Expect(1, 2, "default");
            var items = call.Iterable(0);
            if (items.Count > 0)
            {
                return items[0];
            }

            if (call.Count > 1 || call.TryNamed("default", out _))
            {
                return call.Arg(1, "default", null);
            }

            throw call.Error("StopIteration", string.Empty);
        };
        f["last"] = call =>
        {
            call.Expect(1, 2, "default");
            var items = call.Iterable(0);
            if (items.Count > 0)
            {
                return items[^1];
            }

            if (call.Count > 1 || call.TryNamed("default", out _))
            {
                return call.Arg(1, "default", null);
            }

            throw call.Error("StopIteration", string.Empty);
        };
        f["single"] = call =>
        {
            call.Expect(1, 1);
            var items = call.Iterable(0);
            return items.Count switch
            {
                0 => throw call.Error("StopIteration", string.Empty),
                1 => items[0],
                _ => throw call.Error("StopIteration", "Collection contains more than one item"),
            };
        };
        f["range"] = call =>
        {
            call.Expect(1, 3);
            long start = 0, stop, step = 1;
            // yaql's int parameters take bools too (bool is an int in Python).
            long Int(int index) => call.Value(index) is long or bool ? PythonSemantics.ToLong(call.Value(index)) : throw call.NoMatch();
            if (call.Count == 1)
            {
                stop = Int(0);
            }
            else
            {
                start = Int(0);
                stop = Int(1);
                if (call.Count == 3)
                {
                    step = Int(2);
                }
            }

            if (step == 0)
            {
                throw call.Error("ValueError", "range() arg 3 must not be zero");
            }

            var length = step > 0 ? (stop > start ? ((stop - start - 1) / step) + 1 : 0) : (start > stop ? ((start - stop - 1) / -step) + 1 : 0);
            call.Ev.Tick(length, call.Position);
            call.Ev.CheckLength(length, call.Position);
            var result = new YaqlIteratorList((int)length);
            for (long i = 0, v = start; i < length; i++, v += step)
            {
                result.Add(v);
            }

            return result;
        };
        f["orderBy"] = call => OrderBy(call, descending: false);
        f["orderByDescending"] = call => OrderBy(call, descending: true);
        f["thenBy"] = call => ThenBy(call, descending: false);
        f["thenByDescending"] = call => ThenBy(call, descending: true);
        f["groupBy"] = call =>
        {
            call.Expect(2, 4, "keySelector", "valueSelector", "aggregator");
            var items = call.Iterable(0);
            var key = call.Lambda(1);
            var value = call.Count > 2 ? call.Lambda(2) : LambdaNamed(call, "valueSelector");
            var aggregator = call.Count > 3 ? call.Lambda(3) : LambdaNamed(call, "aggregator");
            var groups = new Dictionary<object, (object? Key, List<object?> Values)>(new BoxComparer());
            var order = new List<object>();
            foreach (var item in items)
            {
                var k = key(item);
                var box = new KeyBox(k);
                if (!groups.TryGetValue(box, out var group))
                {
                    group = (k, []);
                    groups[box] = group;
                    order.Add(box);
                }

                group.Values.Add(value is null ? item : value(item));
            }

            var result = new YaqlIteratorList();
            foreach (var box in order)
            {
                var (k, values) = groups[box];
                var list = new YaqlPyList(values);
                result.Add(new List<object?> { k, aggregator is null ? list : aggregator(list) });
            }

            return result;
        };
        f["zip"] = call =>
        {
            var lists = Enumerable.Range(0, call.Count).Select(call.Iterable).ToList();
            var length = lists.Count == 0 ? 0 : lists.Min(l => l.Count);
            var result = new YaqlIteratorList(length);
            for (var i = 0; i < length; i++)
            {
                result.Add(lists.Select(l => l[i]).ToList());
            }

            return result;
        };
        f["zipLongest"] = call =>
        {
            var lists = Enumerable.Range(0, call.Count).Select(call.Iterable).ToList();
            var fallback = call.TryNamed("default", out var d) ? d : null;
            var length = lists.Count == 0 ? 0 : lists.Max(l => l.Count);
            var result = new YaqlIteratorList(length);
            for (var i = 0; i < length; i++)
            {
                result.Add(lists.Select(l => i < l.Count ? l[i] : fallback).ToList());
            }

            return result;
        };
        f["repeat"] = call =>
        {
            call.Expect(1, 2, "times");
            var value = call.Value(0);
            var times = call.Integer(1, "times", -1);
            if (times < 0)
            {
                throw new YaqlError("LimitExceeded", "repeat() without a count never ends", call.Position, ExpressionErrorKind.Limit);
            }

            call.Ev.Tick(times, call.Position);
            call.Ev.CheckLength(times, call.Position);
            return new YaqlIteratorList(Enumerable.Repeat(value, (int)times));
        };
        f["cycle"] = call => throw new YaqlError("LimitExceeded", "cycle() never ends", call.Position, ExpressionErrorKind.Limit);
        f["sequence"] = call => throw new YaqlError("LimitExceeded", "sequence() never ends", call.Position, ExpressionErrorKind.Limit);
        f["takeWhile"] = call =>
        {
            call.Expect(2, 2);
            var predicate = call.Lambda(1);
            return new YaqlIteratorList(call.Iterable(0).TakeWhile(x => PythonSemantics.IsTruthy(predicate(x))));
        };
        f["skipWhile"] = call =>
        {
            call.Expect(2, 2);
            var predicate = call.Lambda(1);
            return new YaqlIteratorList(call.Iterable(0).SkipWhile(x => PythonSemantics.IsTruthy(predicate(x))));
        };
        f["indexWhere"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var predicate = call.Lambda(1);
            for (var i = 0; i < items.Count; i++)
            {
                if (PythonSemantics.IsTruthy(predicate(items[i])))
                {
                    return (long)i;
                }
            }

            return -1L;
        };
        f["lastIndexWhere"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var predicate = call.Lambda(1);
            var index = -1L;
            for (var i = 0; i < items.Count; i++)
            {
                if (PythonSemantics.IsTruthy(predicate(items[i])))
                {
                    index = i;
                }
            }

            return index;
        };
        f["slice"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var length = call.Integer(1, "length", 0);
            if (length <= 0)
            {
                throw call.Error("ValueError", "Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.");
            }

            return new YaqlIteratorList(items.Chunk((int)Math.Min(length, int.MaxValue)).Select(c => (object?)c.ToList()));
        };
        f["splitAt"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var index = call.Integer(1, "index", 0);
            var at = (int)(index < 0 ? Math.Max(0, items.Count + index) : Math.Min(index, items.Count));
            return new YaqlPyList { items.Take(at).ToList(), items.Skip(at).ToList() };
        };
        f["splitWhere"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var predicate = call.Lambda(1);
            var result = new YaqlIteratorList();
            var start = 0;
            for (var end = 0; end < items.Count; end++)
            {
                if (PythonSemantics.IsTruthy(predicate(items[end])))
                {
                    result.Add(items.GetRange(start, end - start));
                    start = end + 1;
                }
            }

            if (start != items.Count)
            {
                result.Add(items.GetRange(start, items.Count - start));
            }

            return result;
        };
        f["sliceWhere"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            var predicate = call.Lambda(1);
            var result = new YaqlIteratorList();
            var start = 0;
            object? previous = null;
            var hasPrevious = false;
            for (var end = 0; end < items.Count; end++)
            {
                var current = predicate(items[end]);
                if (hasPrevious && !PythonSemantics.Equals(current, previous))
                {
                    result.Add(items.GetRange(start, end - start));
                    start = end;
                }

                previous = current;
                hasPrevious = true;
            }

            if (start != items.Count)
            {
                result.Add(items.GetRange(start, items.Count - start));
            }

            return result;
        };
        f["aggregate"] = call =>
        {
            call.Expect(2, 3, "seed");
            var items = call.Iterable(0);
            var selector = call.Lambda2(1);
            var hasSeed = call.Count > 2 || call.TryNamed("seed", out _);
            return Reduce(call, items, (_, a, b) => selector(a, b), hasSeed, hasSeed ? call.Arg(2, "seed", null) : null);
        };
        f["accumulate"] = call =>
        {
            call.Expect(2, 3, "seed");
            var items = call.Iterable(0);
            var selector = call.Lambda2(1);
            var result = new YaqlIteratorList();
            var index = 0;
            object? total;
            if (call.Count > 2)
            {
                total = call.Value(2);
            }
            else if (items.Count > 0)
            {
                total = items[index++];
            }
            else
            {
                throw call.Error("TypeError", "accumulate() of empty sequence with no initial value");
            }

            result.Add(total);
            for (; index < items.Count; index++)
            {
                total = selector(total, items[index]);
                result.Add(total);
            }

            return result;
        };
        f["reverse"] = call =>
        {
            call.Expect(1, 1);
            var items = new YaqlIteratorList(call.Iterable(0));
            items.Reverse();
            return items;
        };
        f["isIterable"] = call =>
        {
            call.Expect(1, 1);
            return YaqlEvaluation.IsIterable(call.Value(0));
        };
        f["defaultIfEmpty"] = call =>
        {
            call.Expect(2, 2);
            var items = call.Iterable(0);
            return items.Count == 0 ? IterableValue(call, 1) : call.Value(0);
        };
        f["mergeWith"] = call =>
        {
            call.Expect(2, 5, "listMerger", "itemMerger", "maxLevels");
            var left = call.Dict(0);
            var right = call.Value(1) as Dictionary<string, object?> ?? throw call.NoMatch();
            var listMerger = call.Count > 2 ? call.Lambda2(2) : LambdaNamed2(call, "listMerger");
            var itemMerger = call.Count > 3 ? call.Lambda2(3) : LambdaNamed2(call, "itemMerger");
            var maxLevels = call.Integer(4, "maxLevels", 0);
            return MergeDicts(call, left, right, listMerger, itemMerger, maxLevels);
        };
        f["generate"] = call =>
        {
            call.Expect(3, 4, "selector", "decycle");
            var current = call.Value(0);
            var predicate = call.Lambda(1);
            var producer = call.Lambda(2);
            var selector = call.Count > 3 ? call.Lambda(3) : null;
            var result = new YaqlIteratorList();
            while (PythonSemantics.IsTruthy(predicate(current)))
            {
                result.Add(selector is null ? current : selector(current));
                current = producer(current);
            }

            return result;
        };
    }

    private static Func<object?, object?>? LambdaNamed(YaqlCall call, string name)
    {
        var node = call.NamedNode(name);
        return node is null ? null : item => call.Ev.Invoke(node, call.Frame, item, call.Position);
    }

    private static Func<object?, object?, object?>? LambdaNamed2(YaqlCall call, string name)
    {
        var node = call.NamedNode(name);
        return node is null ? null : (a, b) => call.Ev.Invoke(node, call.Frame, a, b, call.Position);
    }

    private static object? Aggregate(YaqlCall call, Func<YaqlCall, object?, object?, object?> op)
    {
        call.Expect(1, 2, "initial");
        var items = call.Iterable(0);
        var hasInitial = call.Count > 1 || call.TryNamed("initial", out _);
        return Reduce(call, items, op, hasInitial, hasInitial ? call.Arg(1, "initial", null) : null);
    }

    private static object? Reduce(YaqlCall call, List<object?> items, Func<YaqlCall, object?, object?, object?> op, bool hasSeed, object? seed)
    {
        var index = 0;
        object? total;
        if (hasSeed)
        {
            total = seed;
        }
        else if (items.Count > 0)
        {
            total = items[index++];
        }
        else
        {
            throw call.Error("TypeError", "reduce() of empty iterable with no initial value");
        }

        call.Ev.Tick(items.Count, call.Position);
        for (; index < items.Count; index++)
        {
            total = op(call, total, items[index]);
        }

        return total;
    }

    private static object? OrderBy(YaqlCall call, bool descending)
    {
        call.Expect(2, 2);
        var ordered = new YaqlOrderedList(call.Iterable(0));
        ordered.Keys.Add((call.Lambda(1), descending));
        ordered.Sort(call);
        return ordered;
    }

    private static object? ThenBy(YaqlCall call, bool descending)
    {
        call.Expect(2, 2);
        if (call.Value(0) is not YaqlOrderedList previous)
        {
            throw call.NoMatch();
        }

        var ordered = new YaqlOrderedList(previous.Source);
        ordered.Keys.AddRange(previous.Keys);
        ordered.Keys.Add((call.Lambda(1), descending));
        ordered.Sort(call);
        return ordered;
    }

    private static Dictionary<string, object?> MergeDicts(
        YaqlCall call,
        Dictionary<string, object?> left,
        Dictionary<string, object?> right,
        Func<object?, object?, object?>? listMerger,
        Func<object?, object?, object?>? itemMerger,
        long maxLevels)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value1) in left)
        {
            result[key] = value1;
            if (!right.TryGetValue(key, out var value2))
            {
                continue;
            }

            if (maxLevels != 1 && value2 is Dictionary<string, object?> d2)
            {
                if (value1 is not Dictionary<string, object?> d1)
                {
                    throw call.Error("TypeError", $"Cannot merge {PythonSemantics.TypeName(value1)} with {PythonSemantics.TypeName(value2)}");
                }

                result[key] = MergeDicts(call, d1, d2, listMerger, itemMerger, maxLevels == 0 ? 0 : maxLevels - 1);
            }
            else if (maxLevels != 1 && value2 is List<object?> l2)
            {
                if (value1 is not List<object?> l1)
                {
                    throw call.Error("TypeError", $"Cannot merge {PythonSemantics.TypeName(value1)} with {PythonSemantics.TypeName(value2)}");
                }

                if (listMerger is null)
                {
                    var seen = new HashSet<object?>(PythonSemantics.Comparer);
                    result[key] = l1.Concat(l2).Where(seen.Add).ToList();
                }
                else
                {
                    result[key] = listMerger(l1, l2);
                }
            }
            else
            {
                result[key] = itemMerger is null ? value2 : itemMerger(value1, value2);
            }
        }

        foreach (var (key, value) in right)
        {
            if (!result.ContainsKey(key))
            {
                result[key] = value;
            }
        }

        return result;
    }

    private static object? QueryJoin(YaqlCall call)
    {
        var left = call.Iterable(0);
        var right = call.Iterable(1);
        var predicate = call.Lambda2(2);
        var selector = call.Lambda2(3);
        var result = new YaqlIteratorList();
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                if (PythonSemantics.IsTruthy(predicate(a, b)))
                {
                    result.Add(selector(a, b));
                }
            }
        }

        return result;
    }

    private sealed record KeyBox(object? Value);

    private sealed class BoxComparer : IEqualityComparer<object>
    {
        public new bool Equals(object? x, object? y) => PythonSemantics.Equals(((KeyBox)x!).Value, ((KeyBox)y!).Value);

        public int GetHashCode(object obj) => PythonSemantics.Hash(((KeyBox)obj).Value);
    }
}
