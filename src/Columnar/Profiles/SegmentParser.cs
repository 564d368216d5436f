using System.Collections.Immutable;
using System.Globalization;
using System.Text;

namespace Columnar.Profiles;

/// <summary>A node of a segment expression; <see cref="Position"/> is the 0-based offset in the source text (−1 when built fluently).</summary>
internal abstract record SegmentNode(int Position)
{
    /// <summary>The deepest a tree may nest (parsed text is held to <see cref="SegmentParser.MaxNesting"/> parentheses, which
    /// stays below this), so that the recursive walks over it stay far from the stack's end.</summary>
    public const int MaxDepth = 512;

    /// <summary>Levels of chains above the deepest atom; 0 for an atom.</summary>
    public virtual int Depth => 0;
}

internal sealed record AllNode(int Position) : SegmentNode(Position);

internal sealed record TagNode(string Tag, string? Value, int Position) : SegmentNode(Position);

internal sealed record BehaviorNode(Behavior Behavior, bool Negated, int Position) : SegmentNode(Position);

/// <summary>
/// A left-associative chain of one precedence level: <see cref="First"/>, then each term applied in order with its operator,
/// <c>|</c> in an or-chain, <c>&amp;</c> or <c>-</c> (and-not) in an and-chain. Long chains such as <c>a | b | … </c> stay one
/// flat node, so walking them is a loop, not a recursion as deep as the chain is long.
/// </summary>
internal sealed record ChainNode : SegmentNode
{
    private readonly int _depth;

    private ChainNode(SegmentNode first, ImmutableList<(char Op, SegmentNode Term)> rest, int depth) : base(first.Position)
    {
        if (depth > MaxDepth)
            throw new ColumnarException(ErrorCodes.SegmentSyntax, $"the segment nests deeper than {MaxDepth} levels; flatten it (a | b | c needs no nesting)");
        First = first;
        Rest = rest;
        _depth = depth;
    }

    public SegmentNode First { get; }

    public ImmutableList<(char Op, SegmentNode Term)> Rest { get; }

    public bool IsOr => Rest[0].Op == '|';

    public override int Depth => _depth;

    /// <summary><paramref name="left"/> <paramref name="op"/> <paramref name="right"/>, appended to <paramref name="left"/> when it
    /// is a chain of the same level (which left associativity makes equivalent), in O(log n).</summary>
    public static ChainNode Of(SegmentNode left, char op, SegmentNode right) =>
        left is ChainNode c && c.IsOr == (op == '|')
            ? new ChainNode(c.First, c.Rest.Add((op, right)), Math.Max(c.Depth, right.Depth + 1))
            : new ChainNode(left, [(op, right)], 1 + Math.Max(left.Depth, right.Depth));
}

/// <summary>
/// Recursive-descent parser of the segment grammar. <c>&amp;</c> and <c>-</c> share one level, bind tighter than <c>|</c>,
/// and associate to the left. Errors name the 1-based position and show it under the text. Recursion happens only at
/// parentheses, which may nest <see cref="MaxNesting"/> deep.
/// </summary>
internal sealed class SegmentParser
{
    /// <summary>The deepest parentheses may nest.</summary>
    public const int MaxNesting = 256;

    private int _nesting;
    private static readonly HashSet<string> Keys = ["min", "max", "mindays", "maxdays", "within", "from", "to", "then", "gap", "thennot"];
    private readonly string _text;
    private int _pos;

    private SegmentParser(string text) => _text = text;

    public static SegmentNode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var p = new SegmentParser(text);
        var node = p.ParseOr();
        p.SkipSpace();
        if (p._pos < text.Length) throw p.Error(p._text[p._pos] == ')' ? "unbalanced ')'" : "expected an operator &, | or -");
        return node;
    }

    private SegmentNode ParseOr()
    {
        var left = ParseAnd();
        while (Accept('|')) left = ChainNode.Of(left, '|', ParseAnd());
        return left;
    }

    private SegmentNode ParseAnd()
    {
        var left = ParseFactor();
        while (true)
        {
            if (Accept('&')) left = ChainNode.Of(left, '&', ParseFactor());
            else if (Accept('-')) left = ChainNode.Of(left, '-', ParseFactor());
            else return left;
        }
    }

    private SegmentNode ParseFactor()
    {
        SkipSpace();
        if (Accept('('))
        {
            if (++_nesting > MaxNesting) throw Error($"parentheses nest deeper than {MaxNesting} levels", _pos - 1, found: false);
            var inner = ParseOr();
            Expect(')', "')'");
            _nesting--;
            return inner;
        }
        var start = _pos;
        var name = ReadValue(false, "a tag, did(…), didnot(…), all or '('");
        if (name is "did" or "didnot")
        {
            SkipSpace();
            if (Peek() == '(') return ParseCall(name == "didnot", start);
        }
        if (name == "all") return new AllNode(start);
        SkipSpace();
        if (Accept('=')) return new TagNode(name, ReadValue(false, "a tag value"), start);
        return new TagNode(name, null, start);
    }

    private BehaviorNode ParseCall(bool negated, int start)
    {
        Expect('(', "'('");
        var ev = ReadValue(true, "an event name or any");
        var b = Behavior.Did(ev);
        var seen = new Dictionary<string, int>(); // key → its position, for errors about it
        while (Accept(','))
        {
            SkipSpace();
            var argPos = _pos;
            var key = ReadValue(false, "an argument such as min=2 or a property condition");
            SkipSpace();
            var op = ReadOp();
            var valuePos = _pos;
            var value = ReadValue(true, "a value");
            if (op == "=" && Keys.Contains(key))
            {
                if (!seen.TryAdd(key, argPos)) throw Error($"'{key}' is given twice", argPos, found: false);
                b = ApplyKey(b, key, value, valuePos);
            }
            else
            {
                if (b.Where is not null) throw Error("only one property condition is allowed", argPos, found: false);
                b = b with { Where = new PropertyCondition(key, op, value) };
            }
        }
        Expect(')', "',' or ')'");
        // Semantic errors point at the argument that breaks the rule (the later of two conflicting ones).
        var counts = new[] { "min", "max" }.Where(seen.ContainsKey).Select(k => seen[k]).ToList();
        var days = new[] { "mindays", "maxdays" }.Where(seen.ContainsKey).Select(k => seen[k]).ToList();
        if (counts.Count > 0 && days.Count > 0)
            throw Error("min/max count events and mindays/maxdays count days; use one kind", Math.Max(counts.Min(), days.Min()), found: false);
        if (seen.TryGetValue("gap", out var gapAt) && !seen.ContainsKey("then")) throw Error("gap needs then=EVENT", gapAt, found: false);
        // A reversed range is never what was meant: it would silently match no event (or, negated, every user).
        if (b.From > b.To)
            throw Error($"from={Iso(b.From.Value)} is after to={Iso(b.To!.Value)}; the range holds no date", Math.Max(seen["from"], seen["to"]), found: false);
        if (b.Min > b.Max)
        {
            var (lo, hi) = b.CountDays ? ("mindays", "maxdays") : ("min", "max");
            throw Error($"{lo}={b.Min} is above {hi}={b.Max}", Math.Max(seen[lo], seen[hi]), found: false);
        }
        return new BehaviorNode(b, negated, start);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Behavior ApplyKey(Behavior b, string key, string value, int at)
    {
        switch (key)
        {
            case "min" or "max" or "mindays" or "maxdays":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) throw Error($"{key} expects a whole number ≥ 0, got '{value}'", at);
                return key switch
                {
                    "min" => b with { Min = n },
                    "max" => b with { Max = n },
                    "mindays" => b with { Min = n, CountDays = true },
                    _ => b with { Max = n, CountDays = true },
                };
            case "within" or "gap":
                var d = SegmentText.ParseDuration(value) ?? throw Error($"{key} expects a duration such as 30d, 12h, 45m or 90s, got '{value}'", at);
                return key == "within" ? b with { Within = d } : b with { Gap = d };
            case "from" or "to":
                if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    throw Error($"{key} expects a local date yyyy-MM-dd, got '{value}'", at);
                return key == "from" ? b with { From = date } : b with { To = date };
            case "then": return b with { Then = value };
            default: return b with { ThenNot = value };
        }
    }

    private string ReadOp()
    {
        foreach (var op in new[] { "!=", "<=", ">=", "=", "<", ">" })
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return op;
            }
        throw Error("expected '=', '!=', '<', '<=', '>' or '>='");
    }

    /// <summary>A bare name (letters, digits, _ . : /, and '-' inside calls) or a double-quoted string with \" and \\ escapes.</summary>
    private string ReadValue(bool inCall, string expected)
    {
        SkipSpace();
        if (Peek() == '"')
        {
            var open = _pos++;
            var sb = new StringBuilder();
            while (_pos < _text.Length && _text[_pos] != '"')
            {
                if (_text[_pos] == '\\' && _pos + 1 < _text.Length) _pos++;
                sb.Append(_text[_pos++]);
            }
            if (_pos >= _text.Length) throw Error("unterminated string", open);
            _pos++;
            return sb.ToString();
        }
        var start = _pos;
        while (_pos < _text.Length && (SegmentText.IsNameChar(_text[_pos]) || (inCall && _text[_pos] == '-'))) _pos++;
        if (_pos == start) throw Error("expected " + expected);
        return _text[start.._pos];
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos])) _pos++;
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (Peek() != c) return false;
        _pos++;
        return true;
    }

    private void Expect(char c, string what)
    {
        if (!Accept(c)) throw Error("expected " + what);
    }

    /// <param name="message">What is wrong.</param>
    /// <param name="at">The 0-based position to point at; the current one by default.</param>
    /// <param name="found">Name the character found there (for errors about the next token, not about a whole argument).</param>
    private ColumnarException Error(string message, int? at = null, bool found = true)
    {
        var pos = at ?? _pos;
        var what = !found ? "" : pos < _text.Length ? $", found '{_text[pos]}'" : ", found the end";
        // Long texts show a window of 70 characters around the position, so the caret line stays readable.
        var (from, to) = _text.Length <= 80 ? (0, _text.Length) : (Math.Max(0, pos - 35), Math.Min(_text.Length, Math.Max(0, pos - 35) + 70));
        var shown = (from > 0 ? "…" : "") + _text[from..to] + (to < _text.Length ? "…" : "");
        var caret = pos - from + (from > 0 ? 1 : 0);
        return new ColumnarException(ErrorCodes.SegmentSyntax,
            $"segment syntax error at position {pos + 1}: {message}{what}\n  {shown}\n  {new string(' ', caret)}^");
    }
}
