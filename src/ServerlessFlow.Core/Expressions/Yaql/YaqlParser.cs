namespace ServerlessFlow.Core.Expressions.Yaql;

/// <summary>
/// A precedence-climbing parser for yaql's grammar with yaql 2.0's operator table
/// (yaql/language/factory.py), tightest first: <c>. ?.</c>; <c>[]</c>; unary <c>+ -</c>;
/// <c>=~ !~</c>; <c>* / mod</c>; <c>+ -</c>; <c>&gt; &lt; &gt;= &lt;= != = in</c>; <c>not</c>;
/// <c>and</c>; <c>or</c>; <c>-&gt;</c> (right associative). Errors carry yaql's messages and positions.
/// </summary>
internal sealed class YaqlParser
{
    private const int DotPower = 11;
    private const int IndexPower = 10;
    private const int UnaryPower = 9;
    private const int NotPower = 4;

    private readonly string _text;
    private readonly List<YaqlToken> _tokens;
    private readonly int _maxDepth;
    private readonly Dictionary<YaqlNode, int> _heights = new(ReferenceEqualityComparer.Instance);
    private int _index;
    private int _depth;

    private YaqlParser(string text, List<YaqlToken> tokens, int maxDepth)
    {
        _text = text;
        _tokens = tokens;
        _maxDepth = maxDepth;
    }

    /// <summary>Parses a whole expression; throws <see cref="YaqlSyntaxError"/>.</summary>
    public static YaqlNode Parse(string text, int maxDepth)
    {
        var parser = new YaqlParser(text, YaqlLexer.Tokenize(text), maxDepth);
        if (parser.Current.Kind == YaqlTokenKind.End)
        {
            throw parser.Unexpected(parser.Current);
        }

        var node = parser.ParseExpression(0);
        if (parser.Current.Kind != YaqlTokenKind.End)
        {
            throw parser.Unexpected(parser.Current);
        }

        return node;
    }

    private YaqlToken Current => _tokens[_index].Kind == YaqlTokenKind.Error ? throw YaqlLexer.Illegal(_text, _tokens[_index].Position) : _tokens[_index];

    private YaqlToken Advance()
    {
        var token = Current;
        _index++;
        return token;
    }

    private static int BinaryPower(YaqlToken token)
    {
        if (token.Kind == YaqlTokenKind.LeftBracket)
        {
            return IndexPower;
        }

        if (token.Kind != YaqlTokenKind.Operator)
        {
            return -1;
        }

        return token.Text switch
        {
            "." or "?." => DotPower,
            "=~" or "!~" => 8,
            "*" or "/" or "mod" => 7,
            "+" or "-" => 6,
            ">" or "<" or ">=" or "<=" or "!=" or "=" or "in" => 5,
            "and" => 3,
            "or" => 2,
            "->" => 1,
            _ => -1,
        };
    }

    private YaqlNode ParseExpression(int minPower)
    {
        if (++_depth > _maxDepth)
        {
            throw new YaqlSyntaxError($"Expression nesting deeper than {_maxDepth} levels at position {Current.Position}", Current.Position) { IsLimit = true };
        }

        var left = ParsePrefix();
        while (true)
        {
            var token = Current;
            var power = BinaryPower(token);
            if (power < 0 || power < minPower)
            {
                break;
            }

            Advance();
            if (token.Kind == YaqlTokenKind.LeftBracket)
            {
                var args = ParseArguments(YaqlTokenKind.RightBracket);
                left = Tall(new YaqlIndexNode(left, args, token.Position), [left, .. args]);
                continue;
            }

            if (token.Text is "." or "?.")
            {
                var member = ParseExpression(DotPower + 1);
                left = Tall(new YaqlDotNode(left, member, token.Text == "?.", token.Position), [left, member]);
                continue;
            }

            // Left-associative operators parse their right side one level tighter; "->" is right-associative.
            var right = ParseExpression(token.Text == "->" ? power : power + 1);
            left = Tall(new YaqlBinaryNode(token.Text, left, right, token.Position), [left, right]);
        }

        _depth--;
        return left;
    }

    // Operator chains such as 1 + 1 + … build deep trees without deep parser recursion; the tree
    // height is bounded too so that evaluation cannot overflow the stack.
    private YaqlNode Tall(YaqlNode node, YaqlNode[] children)
    {
        var height = 1;
        foreach (var child in children)
        {
            height = Math.Max(height, _heights.GetValueOrDefault(child, 1) + 1);
        }

        if (height > _maxDepth)
        {
            throw new YaqlSyntaxError($"Expression nesting deeper than {_maxDepth} levels at position {node.Position}", node.Position) { IsLimit = true };
        }

        if (height > 1)
        {
            _heights[node] = height;
        }

        return node;
    }

    private YaqlNode ParsePrefix()
    {
        var token = Advance();
        switch (token.Kind)
        {
            case YaqlTokenKind.Number:
            case YaqlTokenKind.String:
            case YaqlTokenKind.True:
            case YaqlTokenKind.False:
            case YaqlTokenKind.Null:
                return new YaqlConstantNode(token.Value, token.Position);
            case YaqlTokenKind.Keyword:
                return new YaqlKeywordNode(token.Text, token.Position);
            case YaqlTokenKind.Dollar:
                return new YaqlVariableNode(token.Text, token.Position);
            case YaqlTokenKind.Function:
                {
                    var args = ParseArguments(YaqlTokenKind.RightParen);
                    return Tall(new YaqlCallNode(token.Text, args, token.Position), args);
                }

            case YaqlTokenKind.LeftParen:
                {
                    var inner = ParseExpression(0);
                    Expect(YaqlTokenKind.RightParen);
                    return Tall(new YaqlParenNode(inner, token.Position), [inner]);
                }

            case YaqlTokenKind.LeftBracket:
                {
                    var items = ParseArguments(YaqlTokenKind.RightBracket);
                    return Tall(new YaqlListNode(items, token.Position), items);
                }

            case YaqlTokenKind.LeftBrace:
                {
                    var entries = ParseArguments(YaqlTokenKind.RightBrace);
                    return Tall(new YaqlMapNode(entries, token.Position), entries);
                }

            case YaqlTokenKind.Operator when token.Text is "-" or "+":
                {
                    var operand = ParseExpression(UnaryPower);
                    return Tall(new YaqlUnaryNode(token.Text, operand, token.Position), [operand]);
                }

            case YaqlTokenKind.Operator when token.Text == "not":
                {
                    var operand = ParseExpression(NotPower);
                    return Tall(new YaqlUnaryNode("not", operand, token.Position), [operand]);
                }
            default:
                throw Unexpected(token);
        }
    }

    // args: empty | value (',' value)* where a value may be "value => value".
    private YaqlNode[] ParseArguments(YaqlTokenKind closer)
    {
        var args = new List<YaqlNode>();
        if (Current.Kind == closer)
        {
            Advance();
            return [];
        }

        var seenNamed = false;
        while (true)
        {
            var value = ParseExpression(0);
            if (Current.Kind == YaqlTokenKind.Mapping)
            {
                var arrow = Advance();
                var target = ParseExpression(0);
                value = Tall(new YaqlMappingNode(value, target, arrow.Position), [value, target]);
                seenNamed = true;
            }
            else if (seenNamed)
            {
                // yaql's grammar allows positional arguments only before named ones.
                throw Unexpected(Current.Kind == YaqlTokenKind.End ? Current : _tokens[_index - 1]);
            }

            args.Add(value);
            if (Current.Kind == YaqlTokenKind.Comma)
            {
                Advance();
                continue;
            }

            if (Current.Kind == closer)
            {
                Advance();
                return [.. args];
            }

            throw Unexpected(Current);
        }
    }

    private void Expect(YaqlTokenKind kind)
    {
        if (Current.Kind != kind)
        {
            throw Unexpected(Current);
        }

        Advance();
    }

    private YaqlSyntaxError Unexpected(YaqlToken token)
    {
        if (token.Kind == YaqlTokenKind.End)
        {
            return new YaqlSyntaxError("Parse error: unexpected end of statement", _text.Length);
        }

        var shown = token.Kind switch
        {
            YaqlTokenKind.Function => token.Text,
            YaqlTokenKind.Number => Convert.ToString(token.Value, System.Globalization.CultureInfo.InvariantCulture) ?? token.Text,
            _ => token.Text,
        };
        return new YaqlSyntaxError($"Parse error: unexpected '{shown}' at position {token.Position} of expression '{_text}'", token.Position);
    }
}
