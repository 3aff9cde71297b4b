using ServerlessFlow.Core.Expressions.Jinja.Nodes;

namespace ServerlessFlow.Core.Expressions.Jinja;

/// <summary>
/// Jinja's grammar (as in jinja2/parser.py, same precedence) producing Scriban-hosted nodes:
/// statements if/elif/else, for (with else, filter and tuple targets), set (plain, tuple,
/// namespace attribute and block form), raw (done by the lexer) and comments; expressions with
/// conditional, or/and/not, chained comparisons, in/not in, + - ~ * / // % **, unary, filters,
/// tests, calls with keyword arguments, attribute/item access and slices, literals.
/// </summary>
internal sealed class JinjaParser
{
    private readonly List<JinjaToken> _tokens;
    private readonly string _source;
    private readonly int _maxDepth;
    private int _index;
    private int _depth;

    /// <summary>Every filter and test the text names, with its position: Jinja rejects unknown ones
    /// when it compiles (before evaluating), so the evaluator checks them all up front.</summary>
    public List<(string Name, bool IsTest, int Position)> Callables { get; } = [];

    private JinjaParser(List<JinjaToken> tokens, string source, int maxDepth)
    {
        _tokens = tokens;
        _source = source;
        _maxDepth = maxDepth;
    }

    /// <summary>Parses a whole template.</summary>
    public static JinjaBlockStatement ParseTemplate(string source, int maxDepth) => ParseTemplate(source, maxDepth, out _);

    /// <summary>Parses a whole template and lists the filters and tests it uses.</summary>
    public static JinjaBlockStatement ParseTemplate(string source, int maxDepth, out List<(string Name, bool IsTest, int Position)> callables)
    {
        var parser = new JinjaParser(JinjaLexer.TokenizeTemplate(source), source, maxDepth);
        var body = parser.ParseStatements([], out var end);
        if (end is not null)
        {
            throw Error($"Encountered unknown tag '{end}'.", parser.Current.Position);
        }

        callables = parser.Callables;
        return body;
    }

    /// <summary>Parses a bare expression (Jinja's compile_expression).</summary>
    public static JinjaExpression ParseExpression(string source, int offset, int maxDepth) => ParseExpression(source, offset, maxDepth, out _);

    /// <summary>Parses a bare expression and lists the filters and tests it uses.</summary>
    public static JinjaExpression ParseExpression(string source, int offset, int maxDepth, out List<(string Name, bool IsTest, int Position)> callables)
    {
        var parser = new JinjaParser(JinjaLexer.TokenizeExpression(source, offset), source, maxDepth);
        var expression = parser.Expression();
        if (parser.Current.Kind != JinjaTokenKind.Eof)
        {
            throw Error("chunk after expression", parser.Current.Position);
        }

        callables = parser.Callables;
        return expression;
    }

    private JinjaToken Current => _tokens[_index];

    private JinjaToken Peek(int ahead = 1) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private JinjaToken Next() => _tokens[_index < _tokens.Count - 1 ? _index++ : _index];

    private static JinjaRuntimeException Error(string message, int position) =>
        new("TemplateSyntaxError", message, position, ExpressionErrorKind.Syntax);

    private JinjaToken Expect(JinjaTokenKind kind, string? text, string description)
    {
        var token = Current;
        if (token.Kind != kind || (text is not null && token.Text != text))
        {
            throw Error($"expected token '{description}', got '{token.Describe()}'", token.Position);
        }

        return Next();
    }

    private bool SkipOperator(string op)
    {
        if (Current.IsOperator(op))
        {
            _index++;
            return true;
        }

        return false;
    }

    private bool SkipName(string name)
    {
        if (Current.IsName(name))
        {
            _index++;
            return true;
        }

        return false;
    }

    // One more link of a chain the parser builds in a loop (a + b + c, x.a.b, v | f | g): each makes the tree, and so its
    // evaluation, one level deeper, so it counts against the same depth limit as nesting.
    private void Link(ref int links)
    {
        Enter();
        links++;
    }

    private void Enter()
    {
        if (++_depth > _maxDepth)
        {
            throw new JinjaRuntimeException("TemplateSyntaxError", $"the template nests deeper than the limit of {_maxDepth}", Current.Position, ExpressionErrorKind.Limit);
        }
    }

    // ---- statements ----

    // Parses statements until one of the end tags; returns the tag name that stopped it (not consumed
    // beyond its name) or null at end of template.
    private JinjaBlockStatement ParseStatements(string[] endTags, out string? endTag)
    {
        Enter();
        var statements = new List<JinjaStatement>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case JinjaTokenKind.Eof:
                    if (endTags.Length > 0)
                    {
                        throw Error($"Unexpected end of template. Jinja was looking for the following tags: {string.Join(" or ", endTags.Select(t => "'" + t + "'"))}.", token.Position);
                    }

                    endTag = null;
                    _depth--;
                    return new JinjaBlockStatement(statements);
                case JinjaTokenKind.Data:
                    Next();
                    statements.Add(new JinjaTextStatement(token.Text) { Position = token.Position });
                    break;
                case JinjaTokenKind.VariableBegin:
                    Next();
                    var expression = TupleExpression(explicitParentheses: false);
                    Expect(JinjaTokenKind.VariableEnd, null, "end of print statement");
                    statements.Add(new JinjaPrintStatement(expression) { Position = token.Position });
                    break;
                case JinjaTokenKind.BlockBegin:
                    Next();
                    var name = Current;
                    if (name.Kind != JinjaTokenKind.Name)
                    {
                        throw Error("tag name expected", name.Position);
                    }

                    if (endTags.Contains(name.Text))
                    {
                        endTag = name.Text;
                        _depth--;
                        return new JinjaBlockStatement(statements);
                    }

                    statements.Add(ParseStatement(token.Position));
                    break;
                default:
                    throw Error($"unexpected '{token.Describe()}'", token.Position);
            }
        }
    }

    private JinjaStatement ParseStatement(int position)
    {
        var name = Next();
        switch (name.Text)
        {
            case "if":
                return ParseIf(position);
            case "for":
                return ParseFor(position);
            case "set":
                return ParseSet(position);
            case "with":
                return ParseWith(position);
            case "macro":
                return ParseMacro(position);
            case "filter":
                var filters = new List<JinjaFilterExpression> { FilterCall(null) };
                while (SkipOperator("|"))
                {
                    filters.Add(FilterCall(null));
                }

                EndBlock();
                var filtered = ParseStatements(["endfilter"], out _);
                Next();
                EndBlock();
                return new JinjaFilterBlockStatement(filters, filtered) { Position = position };
            default:
                throw Error($"Encountered unknown tag '{name.Text}'.", name.Position);
        }
    }

    private void EndBlock() => Expect(JinjaTokenKind.BlockEnd, null, "end of statement block");

    private JinjaIfStatement ParseIf(int position)
    {
        var branches = new List<(JinjaExpression, JinjaBlockStatement)>();
        JinjaBlockStatement? otherwise = null;
        var test = TupleExpression(explicitParentheses: false, withCondExpr: false);
        EndBlock();
        while (true)
        {
            var body = ParseStatements(["elif", "else", "endif"], out var end);
            branches.Add((test, body));
            Next();
            if (end == "elif")
            {
                test = TupleExpression(explicitParentheses: false, withCondExpr: false);
                EndBlock();
                continue;
            }

            if (end == "else")
            {
                EndBlock();
                otherwise = ParseStatements(["endif"], out _);
                Next();
            }

            EndBlock();
            return new JinjaIfStatement(branches, otherwise) { Position = position };
        }
    }

    private JinjaForStatement ParseFor(int position)
    {
        var targets = AssignTargets();
        Expect(JinjaTokenKind.Name, "in", "in");
        var iterable = TupleExpression(explicitParentheses: false, withCondExpr: false);
        JinjaExpression? filter = null;
        if (SkipName("if"))
        {
            filter = Expression();
        }

        if (Current.IsName("recursive"))
        {
            throw Error("recursive for loops are not supported", Current.Position);
        }

        EndBlock();
        var body = ParseStatements(["endfor", "else"], out var end);
        Next();
        JinjaBlockStatement? otherwise = null;
        if (end == "else")
        {
            EndBlock();
            otherwise = ParseStatements(["endfor"], out _);
            Next();
        }

        EndBlock();
        return new JinjaForStatement(targets, iterable, filter, body, otherwise) { Position = position };
    }

    private List<string> AssignTargets()
    {
        var targets = new List<string>();
        var parenthesized = SkipOperator("(");
        do
        {
            var name = Expect(JinjaTokenKind.Name, null, "name");
            if (name.Text is "true" or "false" or "none" or "True" or "False" or "None" or "in" or "not" or "and" or "or" or "is" or "if")
            {
                throw Error($"Can't assign to {name.Text}", name.Position);
            }

            targets.Add(name.Text);
        }
        while (SkipOperator(",") && Current.Kind == JinjaTokenKind.Name);
        if (parenthesized)
        {
            Expect(JinjaTokenKind.Operator, ")", ")");
        }

        return targets;
    }

    private JinjaMacroStatement ParseMacro(int position)
    {
        var name = Expect(JinjaTokenKind.Name, null, "name").Text;
        Expect(JinjaTokenKind.Operator, "(", "(");
        var parameters = new List<(string, JinjaExpression?)>();
        while (!Current.IsOperator(")"))
        {
            if (parameters.Count > 0)
            {
                Expect(JinjaTokenKind.Operator, ",", ",");
            }

            var parameter = Expect(JinjaTokenKind.Name, null, "name").Text;
            parameters.Add((parameter, SkipOperator("=") ? Expression() : null));
        }

        Expect(JinjaTokenKind.Operator, ")", ")");
        EndBlock();
        var body = ParseStatements(["endmacro"], out _);
        Next();
        EndBlock();
        return new JinjaMacroStatement(new JinjaMacro(name, parameters, body)) { Position = position };
    }

    private JinjaWithStatement ParseWith(int position)
    {
        var assignments = new List<(string, JinjaExpression)>();
        while (Current.Kind != JinjaTokenKind.BlockEnd)
        {
            if (assignments.Count > 0)
            {
                Expect(JinjaTokenKind.Operator, ",", ",");
            }

            var name = Expect(JinjaTokenKind.Name, null, "name").Text;
            Expect(JinjaTokenKind.Operator, "=", "=");
            assignments.Add((name, Expression()));
        }

        EndBlock();
        var body = ParseStatements(["endwith"], out _);
        Next();
        EndBlock();
        return new JinjaWithStatement(assignments, body) { Position = position };
    }

    private JinjaStatement ParseSet(int position)
    {
        if (Current.Kind == JinjaTokenKind.Name && Peek().IsOperator(".") && Peek(2).Kind == JinjaTokenKind.Name)
        {
            var ns = Next().Text;
            Next();
            var attribute = Next().Text;
            Expect(JinjaTokenKind.Operator, "=", "=");
            var value = TupleExpression(explicitParentheses: false);
            EndBlock();
            return new JinjaSetStatement([ns], attribute, value) { Position = position };
        }

        var targets = AssignTargets();
        if (SkipOperator("="))
        {
            var value = TupleExpression(explicitParentheses: false);
            EndBlock();
            return new JinjaSetStatement(targets, null, value) { Position = position };
        }

        if (targets.Count != 1)
        {
            throw Error("expected token '=', got '" + Current.Describe() + "'", Current.Position);
        }

        var filters = new List<JinjaFilterExpression>();
        while (SkipOperator("|"))
        {
            filters.Add(FilterCall(null));
        }

        EndBlock();
        var body = ParseStatements(["endset"], out _);
        Next();
        EndBlock();
        return new JinjaSetBlockStatement(targets[0], body, filters) { Position = position };
    }

    // ---- expressions ----

    private T Finish<T>(T node, int start)
        where T : JinjaExpression
    {
        var end = _index > 0 ? _tokens[_index - 1] : Current;
        var endPos = end.Kind == JinjaTokenKind.String ? FindStringEnd(end.Position) : end.Position + end.Text.Length;
        if (start >= 0 && endPos <= _source.Length && endPos >= start)
        {
            node.SetSource(_source, start, endPos);
        }

        return node;
    }

    private int FindStringEnd(int start)
    {
        if (start < 0 || start >= _source.Length)
        {
            return start;
        }

        var quote = _source[start];
        for (var i = start + 1; i < _source.Length; i++)
        {
            if (_source[i] == '\\')
            {
                i++;
            }
            else if (_source[i] == quote)
            {
                return i + 1;
            }
        }

        return _source.Length;
    }

    private JinjaExpression TupleExpression(bool explicitParentheses, bool withCondExpr = true)
    {
        var start = Current.Position;
        var items = new List<JinjaExpression>();
        var isTuple = false;
        while (true)
        {
            if (items.Count > 0)
            {
                if (!SkipOperator(","))
                {
                    break;
                }

                isTuple = true;
            }

            if (IsTupleEnd(explicitParentheses))
            {
                break;
            }

            items.Add(withCondExpr ? Expression() : Or());
        }

        if (!isTuple)
        {
            if (items.Count > 0)
            {
                return items[0];
            }

            if (!explicitParentheses)
            {
                throw Error($"Expected an expression, got '{Current.Describe()}'", Current.Position);
            }
        }

        return Finish(new JinjaListExpression(items, isTuple: true) { Position = start }, start);
    }

    private bool IsTupleEnd(bool explicitParentheses)
    {
        var t = Current;
        return t.Kind is JinjaTokenKind.VariableEnd or JinjaTokenKind.BlockEnd or JinjaTokenKind.Eof
            || (explicitParentheses && t.IsOperator(")"))
            || t.IsOperator("=")
            || (t.Kind == JinjaTokenKind.Name && t.Text is "in" or "if" or "recursive");
    }

    private JinjaExpression Expression()
    {
        Enter();
        var start = Current.Position;
        var expression = Or();
        var links = 0;
        while (SkipName("if"))
        {
            Link(ref links);
            var test = Or();
            JinjaExpression? otherwise = null;
            if (SkipName("else"))
            {
                otherwise = Expression();
            }

            expression = Finish(new JinjaConditionalExpression(test, expression, otherwise) { Position = start }, start);
        }

        _depth -= links + 1;
        return expression;
    }

    private JinjaExpression Or()
    {
        var start = Current.Position;
        var left = And();
        var links = 0;
        while (SkipName("or"))
        {
            Link(ref links);
            left = Finish(new JinjaBinaryExpression("or", left, And()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression And()
    {
        var start = Current.Position;
        var left = Not();
        var links = 0;
        while (SkipName("and"))
        {
            Link(ref links);
            left = Finish(new JinjaBinaryExpression("and", left, Not()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression Not()
    {
        var start = Current.Position;
        if (SkipName("not"))
        {
            Enter();
            var operand = Not();
            _depth--;
            return Finish(new JinjaUnaryExpression("not", operand) { Position = start }, start);
        }

        return Compare();
    }

    private JinjaExpression Compare()
    {
        var start = Current.Position;
        var first = Math1();
        var rest = new List<(string, JinjaExpression)>();
        while (true)
        {
            var t = Current;
            if (t.Kind == JinjaTokenKind.Operator && t.Text is "==" or "!=" or "<" or ">" or "<=" or ">=")
            {
                Next();
                rest.Add((t.Text, Math1()));
            }
            else if (t.IsName("in"))
            {
                Next();
                rest.Add(("in", Math1()));
            }
            else if (t.IsName("not") && Peek().IsName("in"))
            {
                Next();
                Next();
                rest.Add(("notin", Math1()));
            }
            else
            {
                break;
            }
        }

        return rest.Count == 0 ? first : Finish(new JinjaCompareExpression(first, rest) { Position = start }, start);
    }

    private JinjaExpression Math1()
    {
        var start = Current.Position;
        var left = Concat();
        var links = 0;
        while (Current.Kind == JinjaTokenKind.Operator && Current.Text is "+" or "-")
        {
            Link(ref links);
            var op = Next().Text;
            left = Finish(new JinjaBinaryExpression(op, left, Concat()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression Concat()
    {
        var start = Current.Position;
        var left = Math2();
        var links = 0;
        while (SkipOperator("~"))
        {
            Link(ref links);
            left = Finish(new JinjaBinaryExpression("~", left, Math2()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression Math2()
    {
        var start = Current.Position;
        var left = Pow();
        var links = 0;
        while (Current.Kind == JinjaTokenKind.Operator && Current.Text is "*" or "/" or "//" or "%")
        {
            Link(ref links);
            var op = Next().Text;
            left = Finish(new JinjaBinaryExpression(op, left, Pow()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression Pow()
    {
        var start = Current.Position;
        var left = Unary();
        var links = 0;
        while (SkipOperator("**"))
        {
            Link(ref links);
            left = Finish(new JinjaBinaryExpression("**", left, Unary()) { Position = start }, start);
        }

        _depth -= links;
        return left;
    }

    private JinjaExpression Unary(bool withFilter = true)
    {
        Enter();
        var start = Current.Position;
        JinjaExpression node;
        if (Current.IsOperator("-") || Current.IsOperator("+"))
        {
            var op = Next().Text;
            node = Finish(new JinjaUnaryExpression(op, Unary(withFilter: false)) { Position = start }, start);
        }
        else
        {
            node = Postfix(Primary());
        }

        if (withFilter)
        {
            node = FilterExpression(node, start);
        }

        _depth--;
        return node;
    }

    private JinjaExpression Primary()
    {
        var token = Current;
        var start = token.Position;
        switch (token.Kind)
        {
            case JinjaTokenKind.Name:
                Next();
                return token.Text switch
                {
                    "true" or "True" => Finish(new JinjaConstant(true) { Position = start }, start),
                    "false" or "False" => Finish(new JinjaConstant(false) { Position = start }, start),
                    "none" or "None" => Finish(new JinjaConstant(null) { Position = start }, start),
                    _ => Finish(new JinjaNameExpression(token.Text) { Position = start }, start),
                };
            case JinjaTokenKind.String:
                Next();
                if (Current.Kind != JinjaTokenKind.String)
                {
                    return Finish(new JinjaConstant(token.Text) { Position = start }, start);
                }

                // Adjacent literals concatenate ('a' 'b'); a builder keeps a long run linear.
                var text = new System.Text.StringBuilder(token.Text);
                while (Current.Kind == JinjaTokenKind.String)
                {
                    text.Append(Next().Text);
                }

                return Finish(new JinjaConstant(text.ToString()) { Position = start }, start);
            case JinjaTokenKind.Integer or JinjaTokenKind.Float:
                Next();
                return Finish(new JinjaConstant(token.Value) { Position = start }, start);
            case JinjaTokenKind.Operator when token.Text == "(":
                Next();
                Enter();
                var inner = TupleExpression(explicitParentheses: true);
                _depth--;
                Expect(JinjaTokenKind.Operator, ")", ")");
                return inner;
            case JinjaTokenKind.Operator when token.Text == "[":
                Next();
                var items = new List<JinjaExpression>();
                while (!Current.IsOperator("]"))
                {
                    if (items.Count > 0)
                    {
                        Expect(JinjaTokenKind.Operator, ",", ",");
                        if (Current.IsOperator("]"))
                        {
                            break;
                        }
                    }

                    items.Add(Expression());
                }

                Expect(JinjaTokenKind.Operator, "]", "]");
                return Finish(new JinjaListExpression(items, isTuple: false) { Position = start }, start);
            case JinjaTokenKind.Operator when token.Text == "{":
                Next();
                var pairs = new List<(JinjaExpression, JinjaExpression)>();
                while (!Current.IsOperator("}"))
                {
                    if (pairs.Count > 0)
                    {
                        Expect(JinjaTokenKind.Operator, ",", ",");
                        if (Current.IsOperator("}"))
                        {
                            break;
                        }
                    }

                    var key = Expression();
                    Expect(JinjaTokenKind.Operator, ":", ":");
                    pairs.Add((key, Expression()));
                }

                Expect(JinjaTokenKind.Operator, "}", "}");
                return Finish(new JinjaDictExpression(pairs) { Position = start }, start);
            default:
                throw Error($"unexpected '{token.Describe()}'", token.Position);
        }
    }

    private JinjaExpression Postfix(JinjaExpression node)
    {
        var start = node.Position;
        var links = 0;
        while (true)
        {
            var t = Current;
            if (t.IsOperator(".") || t.IsOperator("[") || t.IsOperator("("))
            {
                Link(ref links);
            }

            if (t.IsOperator("."))
            {
                Next();
                var attr = Next();
                if (attr.Kind == JinjaTokenKind.Name)
                {
                    node = Finish(new JinjaGetAttrExpression(node, attr.Text) { Position = start }, start);
                }
                else if (attr.Kind == JinjaTokenKind.Integer)
                {
                    node = Finish(new JinjaGetItemExpression(node, new JinjaConstant(attr.Value) { Position = attr.Position }) { Position = start }, start);
                }
                else
                {
                    throw Error("expected name or number", attr.Position);
                }
            }
            else if (t.IsOperator("["))
            {
                Next();
                var index = Subscript();
                Expect(JinjaTokenKind.Operator, "]", "]");
                node = Finish(new JinjaGetItemExpression(node, index) { Position = start }, start);
            }
            else if (t.IsOperator("("))
            {
                node = Finish(new JinjaCallExpression(node, CallArguments()) { Position = start }, start);
            }
            else
            {
                _depth -= links;
                return node;
            }
        }
    }

    private JinjaExpression Subscript()
    {
        var start = Current.Position;
        JinjaExpression? first = null;
        if (!Current.IsOperator(":"))
        {
            first = Expression();
            if (!Current.IsOperator(":"))
            {
                return first;
            }
        }

        Next();
        JinjaExpression? stop = null;
        JinjaExpression? step = null;
        if (!Current.IsOperator("]") && !Current.IsOperator(":"))
        {
            stop = Expression();
        }

        if (SkipOperator(":") && !Current.IsOperator("]"))
        {
            step = Expression();
        }

        return new JinjaSliceExpression(first, stop, step) { Position = start };
    }

    private JinjaArguments CallArguments()
    {
        Expect(JinjaTokenKind.Operator, "(", "(");
        var arguments = new JinjaArguments();
        var first = true;
        while (!Current.IsOperator(")"))
        {
            if (!first)
            {
                Expect(JinjaTokenKind.Operator, ",", ",");
                if (Current.IsOperator(")"))
                {
                    break;
                }
            }

            first = false;
            if (Current.IsOperator("*") || Current.IsOperator("**"))
            {
                throw Error("*args and **kwargs are not supported", Current.Position);
            }

            if (Current.Kind == JinjaTokenKind.Name && Peek().IsOperator("="))
            {
                var key = Next().Text;
                Next();
                arguments.Named.Add(new(key, Expression()));
            }
            else
            {
                if (arguments.Named.Count > 0)
                {
                    throw Error("Invalid argument syntax for a call: positional argument after keyword argument", Current.Position);
                }

                arguments.Positional.Add(Expression());
            }
        }

        Expect(JinjaTokenKind.Operator, ")", ")");
        return arguments;
    }

    private JinjaExpression FilterExpression(JinjaExpression node, int start)
    {
        var links = 0;
        while (true)
        {
            if (Current.IsOperator("|") || Current.IsName("is") || Current.IsOperator("("))
            {
                Link(ref links);
            }

            if (SkipOperator("|"))
            {
                node = Finish(FilterCall(node, start), start);
            }
            else if (Current.IsName("is"))
            {
                Next();
                var negated = SkipName("not");
                var testPosition = Current.Position;
                var name = TestName();
                Callables.Add((name, true, testPosition));
                var arguments = JinjaArguments.None;
                if (Current.IsOperator("("))
                {
                    arguments = CallArguments();
                }
                else if (IsTestArgumentStart())
                {
                    arguments = new JinjaArguments();
                    arguments.Positional.Add(Postfix(Primary()));
                }

                node = Finish(new JinjaTestExpression(node, name, arguments, negated) { Position = start }, start);
            }
            else if (Current.IsOperator("("))
            {
                node = Finish(new JinjaCallExpression(node, CallArguments()) { Position = start }, start);
            }
            else
            {
                _depth -= links;
                return node;
            }
        }
    }

    private string TestName()
    {
        var token = Next();
        if (token.Kind == JinjaTokenKind.Name)
        {
            var name = token.Text;
            while (Current.IsOperator(".") && Peek().Kind == JinjaTokenKind.Name)
            {
                Next();
                name += "." + Next().Text;
            }

            return name;
        }

        if (token.Kind == JinjaTokenKind.Operator && token.Text is "==" or "!=" or "<" or ">" or "<=" or ">=")
        {
            return token.Text;
        }

        throw Error($"expected token 'name', got '{token.Describe()}'", token.Position);
    }

    private bool IsTestArgumentStart()
    {
        var t = Current;
        return t.Kind switch
        {
            JinjaTokenKind.Name => t.Text is not ("else" or "or" or "and" or "if" or "in" or "not" or "is"),
            JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float => true,
            JinjaTokenKind.Operator => t.Text is "[" or "{",
            _ => false,
        };
    }

    private JinjaFilterExpression FilterCall(JinjaExpression? target, int start = -1)
    {
        var token = Expect(JinjaTokenKind.Name, null, "name");
        var name = token.Text;
        while (Current.IsOperator(".") && Peek().Kind == JinjaTokenKind.Name)
        {
            Next();
            name += "." + Next().Text;
        }

        Callables.Add((name, false, token.Position));
        var arguments = Current.IsOperator("(") ? CallArguments() : JinjaArguments.None;
        return new JinjaFilterExpression(target, name, arguments) { Position = start >= 0 ? start : token.Position };
    }
}
