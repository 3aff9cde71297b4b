"""Inputs of the Jinja golden cases (expected values are computed by generate.py)."""

CONTEXTS = {
    "default": {
        "s": "abc", "S": "Hello World", "n": None, "i": 3, "neg": -7, "f": 2.5, "t": True, "fa": False,
        "zero": 0, "empty": "", "l": [1, 2, 3], "el": [], "words": ["b", "A", "a", "c"],
        "d": {"a": 1, "b": [1, 2], "c": {"x": "y"}}, "ed": {},
        "users": [{"name": "bob", "age": 30, "admin": True}, {"name": "alice", "age": 25, "admin": False},
                  {"name": "Carol", "age": 35, "admin": True}],
        "mixed": [3, "x", None, True, 1.5], "nested": {"a": {"b": {"c": [10, 20, {"d": "deep"}]}}},
        "text": "line one\nline two\n\nline four", "csv": "a,b,,c", "path": "/var/log/app/output.log",
        "version": "1.2.3", "pre": "1.2.3-alpha.1", "num_str": "42", "float_str": "3.75", "hex": "0x1F",
        "json_str": "{\"k\": [1, 2, {\"z\": null}], \"b\": true}", "yaml_str": "a: 1\nb:\n- x\n- y\n",
        "html": "<b>bold</b> & 'quoted' \"text\"", "unicode": "héllo wörld ✓", "quote": "it's",
        "seconds": 3725, "big": 9007199254740993, "pi": 3.14159265, "ratio": 0.1, "tiny": 1e-07,
        "dotted": {"a.b": 1, "c": {"d.e": "x"}}, "__hidden": "secret",
    },
    "corpus": {
        "count": 3, "sleep_delay": 1, "env_var_name": "PATH", "zip": "98101", "cmd": "uname -a",
        "action_context": {"user": "stanley", "parent": {"execution_id": "5f1c0de5"}},
        "key_name": "system.key1", "decrypt": False, "default": "fallback",
        "vars.key.with.periods": "periods ok", "vars.nested.with.periods": {"nested.periods": "nested ok"},
        "published.hosts": ["h1", "h2"], "published.field": "field ok",
        "data_json_str_1": "{\"foo\": {\"bar\": \"foobar\"}}",
        "data_json_obj_1": {"foo": {"bar": "foobar"}}, "data_json_obj_2": {"foo": {"bar": "foobar"}},
        "data_json_obj_3": {"foo": {"bar": "foobar"}, "list": [1, "two", 3.5]},
        "data_json_obj_4": {"foo": {"bar": "foobar"}},
        "data_yaml_str_1": "foo:\n  bar: foobar\n", "data_yaml_str_2": "foo:\n  bar: foobar\nitems:\n- 1\n- 2\n",
        "none": None, "data_list": ["a", "b", {"c": 1}], "loop": True,
        "this_task_no_arg": "task1", "this_task_by_name": "task1",
        "tempfile": "/tmp/st2.tmp", "message": "hello", "github_organization_url": "https://api.github.com/orgs/StackStorm",
        "increase_index_and_check_condition": {"result": "next"},
        "get_github_page": {"result": ["repo1"]}, "parse_github_repos": {"result": "parsed"},
        "name": "Stanley", "task1": {"stdout": "out1", "result": {"response": {"secondfactor": "2fa"}}},
        "task2": {"stdout": "out2"}, "task3": {"stdout": "out3"}, "greeting": "Hello",
        "encrypted_cmd_system_scope": "echo sys", "encrypted_cmd_user_scope": "echo user",
        "status": "OK", "description": "line \"one\"\nline two\ttab",
        "input1": "in1", "c1": {"stdout": "1.7.2", "result": {"a": [1, 2], "b": "x"}}, "c2": {"stdout": "c2out"},
        "get_host": {"stdout": "myhost"}, "api_port": 9101, "webui_port": 443, "domain": "example.com",
        "system_info_path": "/tmp/sysinfo", "host": "myhost", "fqdn": "myhost.example.com",
        "api_url": "http://myhost:9101", "webui_url": "https://myhost", "paths": {"api": ["v1", "v2"], "webui": "ui"},
        "sample_str": "I live at 668 Infinite Dr", "trigger": {"route": "approvals", "id": "abc123", "executed_at": "2026-01-01T00:00:00Z",
        "message": "hi there", "body": {"k": "v"}, "start_timestamp": "2026-01-01 10:00:00"},
        "hosts": "web1,web2", "execution": {"parameters": {"cmd": "date", "hosts": "web1,web2"},
        "result": {"web1": {"stdout": "Mon", "stderr": ""}, "web2": {"stdout": "Tue", "stderr": "warn"}}},
        "a1": "un\u00efcode \u2713", "b1": "b1", "a2": "a2", "b2": "b2", "a3": "a3", "b3": "b3", "a4": "a4",
        "b4": "b4", "a5": "a5", "xs": ["a", "b", "c"], "ys": [1, 2, 3], "zs": [True, False, None],
        "a": 1, "x": 1, "y": 2, "z": 3,
    },
    "empty": {},
}

CORPUS_WORKFLOW = {
    "current_task": {"id": "task1", "route": 0, "status": "succeeded",
                     "result": {"result": {"hostname1.domain.tld": {"stdout": "one"}, "hostname2.domain.tld": {"stdout": "two"}}}},
    "tasks": {"task1": {"task_id": "task1", "route": 0, "status": "succeeded", "result": {"stdout": "t1"}},
              "task4": {"task_id": "task4", "route": 0, "status": "succeeded", "result": {"stdout": "t4"}},
              "task8": {"task_id": "task8", "route": 2, "status": "succeeded", "result": {}}},
    "task_statuses": {"task1": "succeeded"},
}

CORPUS_KV = {"system": {"domain": "example.org", "my_cmd": "ENCRYPTED", "key1": "value1"},
             "user": {"my_cmd": "ENCRYPTED_USER"},
             "decrypted": {"system.my_cmd": "echo system secret", "user.my_cmd": "echo user secret"}}


def E(text, context="default", **extra):
    return dict(mode="evaluate", text=text, context=context, **extra)


def R(text, context="default", **extra):
    return dict(mode="render", text=text, context=context, **extra)


CASES = []
add = CASES.append

# -- literals and typed whole-string results (Orquesta) --
for t in ["{{ 1 }}", "{{ -1 }}", "{{ 1.5 }}", "{{ 1e3 }}", "{{ 1_000 }}", "{{ 0x1F }}", "{{ 'str' }}", '{{ "dq" }}',
          "{{ true }}", "{{ False }}", "{{ none }}", "{{ None }}", "{{ [1, 'a', none] }}", "{{ (1, 2) }}", "{{ (1,) }}",
          "{{ () }}", "{{ {'a': 1, 'b': [true]} }}", "{{ {} }}", "{{ [] }}", "{{ 'a' 'b' }}", "{{ 'it\\'s' }}",
          "{{ 'tab\\tnew\\nline' }}", "{{ '\\u00e9' }}", "{{ 0.1 + 0.2 }}", "{{ 1e20 }}", "{{ 1e-5 }}", "{{ 10 / 4 }}",
          "{{ 10 / 5 }}", "{{ 10 // 3 }}", "{{ -7 // 2 }}", "{{ -7 % 3 }}", "{{ 7 % -3 }}", "{{ 2 ** 10 }}", "{{ 2 ** -1 }}",
          "{{ 2.0 ** 3 }}", "{{ 5.5 % 2 }}", "{{ -5.5 // 2 }}", "{{ 1 + 2 * 3 }}", "{{ (1 + 2) * 3 }}", "{{ 'ab' * 3 }}",
          "{{ [1] * 3 }}", "{{ 3 * 'x' }}", "{{ [1, 2] + [3] }}", "{{ 'a' + 'b' }}", "{{ true + 1 }}", "{{ 1 ~ 2 }}",
          "{{ 'a' ~ none ~ true ~ 1.0 }}", "{{ -(3) }}", "{{ +3 }}", "{{ not true }}", "{{ not 0 }}", "{{ 1 and 2 }}",
          "{{ 0 and 2 }}", "{{ 0 or 'x' }}", "{{ none or [] }}", "{{ 1 if true else 2 }}", "{{ 1 if false else 2 }}",
          "{{ 'yes' if l else 'no' }}", "{{ 'yes' if el else 'no' }}", "{{ 1 == 1.0 }}", "{{ true == 1 }}", "{{ 1 != 2 }}",
          "{{ 1 < 2 < 3 }}", "{{ 3 > 2 > 2 }}", "{{ 'a' < 'b' }}", "{{ [1, 2] < [1, 3] }}", "{{ 2 <= 2 }}", "{{ 2 >= 3 }}",
          "{{ 1 in l }}", "{{ 5 in l }}", "{{ 'a' in d }}", "{{ 'b' in s }}", "{{ 5 not in l }}", "{{ 'z' not in d }}",
          "{{ 2 in (1, 2) }}"]:
    add(E(t))

# -- variables, attribute and item access --
for t in ["{{ s }}", "{{ i }}", "{{ f }}", "{{ n }}", "{{ t }}", "{{ l }}", "{{ d }}", "{{ d.a }}", "{{ d['a'] }}", "{{ d.b[1] }}",
          "{{ d.b.0 }}", "{{ d.c.x }}", "{{ d['c']['x'] }}", "{{ l[0] }}", "{{ l[-1] }}", "{{ l[1:] }}", "{{ l[:2] }}",
          "{{ l[::-1] }}", "{{ l[::2] }}", "{{ s[1] }}", "{{ s[-1] }}", "{{ s[1:] }}", "{{ s[::-1] }}", "{{ nested.a.b.c[2].d }}",
          "{{ users[1].name }}", "{{ dotted['a.b'] }}", "{{ dotted.c['d.e'] }}", "{{ unicode }}", "{{ big }}", "{{ tiny }}",
          "{{ pi }}", "{{ ratio * 3 }}", "{{ d.x }}", "{{ d['x'] }}", "{{ l[5] }}", "{{ undefined_var }}", "{{ undefined_var.x }}",
          "{{ n.x }}", "{{ s.x }}", "{{ i.x }}", "{{ d.a.b }}", "{{ l['a'] }}", "{{ d[0] }}", "{{ d.x + 1 }}", "{{ 1 + nope }}",
          "{{ __hidden }}", "{{ x if false }}", "a {{ x if false }} b"]:
    add(E(t))

# -- ctx() and Orquesta functions --
for t in ["{{ ctx('s') }}", '{{ ctx("l") }}', "{{ ctx().s }}", "{{ ctx().d.c.x }}", "{{ ctx()['dotted']['a.b'] }}",
          "{{ ctx('missing') }}", "{{ ctx().missing }}", "{{ ctx('__hidden') }}", "{{ ctx().__hidden }}", "{{ 'secret' in ctx() }}",
          "{{ ctx('d') | json_dump }}", "{{ json('{\"a\": [1, 2]}') }}", "{{ json(d) }}", "{{ json(1) }}", "{{ json('{bad') }}",
          "{{ zip([1, 2], ['a', 'b']) }}", "{{ zip([1, 2, 3], ['a']) }}", "{{ zip([1, 2, 3], ['a'], pad=0) }}", "{{ zip([1, 2]) }}",
          "{{ zip(none, [1]) }}", "{{ l | zip(['a', 'b', 'c']) }}", "{{ 's' | ctx }}", "{{ nofunc(1) }}", "{{ s(1) }}",
          "{{ ctx('s') ~ '-' ~ ctx('i') }}", "x={{ ctx('i') }}", "{{ ctx('i') }}{{ ctx('i') }}", "{{ ctx('l') }} and {{ ctx('d') }}",
          "{{ ctx('n') }}", "a {{ ctx('n') }}", "{{ ctx('empty') }}"]:
    add(E(t))

WF = {"current_task": {"id": "t1", "route": 0, "status": "succeeded", "result": {"stdout": "ok", "code": 0}},
      "item": {"host": "web1", "port": 80}, "tasks": {"t0": {"task_id": "t0", "status": "failed", "result": None}},
      "task_statuses": {"t0": "failed", "t1": "succeeded"}}
WF_FAILED = {"current_task": {"id": "t1", "route": 0, "status": "failed", "result": "boom"}}
for t in ["{{ result() }}", "{{ result().stdout }}", "{{ succeeded() }}", "{{ failed() }}", "{{ completed() }}",
          "{{ item() }}", "{{ item('host') }}", "{{ item('nope') }}", "{{ task_status('t0') }}", "{{ task_status('zz') }}",
          "{{ task('t0').status }}", "{{ task('nope') }}", "{{ 'ok' if succeeded() else 'ko' }}"]:
    add(E(t, workflow=WF))
for t in ["{{ succeeded() }}", "{{ failed() }}", "{{ completed() }}", "{{ result() }}"]:
    add(E(t, workflow=WF_FAILED))
for t in ["{{ result() }}", "{{ succeeded() }}", "{{ item() }}"]:
    add(E(t, workflow={}))
KV = {"system": {"k": "sys", "dotted.key": "dv", "num": "42"}, "user": {"k": "usr"}, "decrypted": {"system.k": "plain-sys"}}
for t in ["{{ st2kv('system.k') }}", "{{ st2kv('k') }}", "{{ st2kv('system.k', decrypt=true) }}", "{{ st2kv('system.nope', default='d') }}",
          "{{ st2kv('system.nope', default=none) }}"]:
    add(E(t, kv=KV))

# -- filters --
F = [
    "s|upper", "S|lower", "S|title", "'hello world-foo bar'|title", "'aBC dEF'|capitalize", "s|length", "l|length", "d|length",
    "unicode|length", "l|count", "s|reverse", "l|reverse|list", "l|first", "l|last", "s|first", "el|first", "el|last", "l|sum",
    "[1.5, 2]|sum", "users|sum(attribute='age')", "l|sum(start=10)", "l|max", "l|min", "words|max", "words|min",
    "words|max(case_sensitive=true)", "users|max(attribute='age')", "users|min(attribute='name')", "el|max",
    "words|sort", "words|sort(case_sensitive=true)", "words|sort(reverse=true)", "[3, 1, 2]|sort", "users|sort(attribute='age')|map(attribute='name')|list",
    "users|sort(attribute='name')|map(attribute='name')|join(',')", "mixed|sort", "words|unique|list", "words|unique(case_sensitive=true)|list",
    "[1, 2, 1, 3, 2]|unique|list", "l|join", "l|join(', ')", "users|join(', ', attribute='name')", "words|join('-')",
    "users|map(attribute='name')|list", "users|map(attribute='missing', default='?')|list", "words|map('upper')|list",
    "l|map('string')|list", "['1', '2']|map('int')|list", "l|select('odd')|list", "l|reject('odd')|list",
    "[0, '', none, 'a', 1]|select|list", "[0, '', none, 'a', 1]|reject|list", "l|select('>', 1)|list", "l|select('equalto', 2)|list",
    "l|select('in', [1, 3])|list", "users|selectattr('admin')|map(attribute='name')|list", "users|rejectattr('admin')|map(attribute='name')|list",
    "users|selectattr('age', 'gt', 28)|map(attribute='name')|list", "users|selectattr('name', 'equalto', 'bob')|list",
    "users|groupby('admin')|list", "users|groupby('admin')|map('first')|list", "n|default('x')", "undefined_var|default('x')",
    "undefined_var|d", "d.x|default(2)", "empty|default('fallback')", "empty|default('fallback', true)", "zero|default(5, boolean=true)",
    "n|d('x', true)", "i|string", "l|string", "d|string", "n|string", "t|string", "f|string", "s|list", "d|list", "num_str|int",
    "float_str|int", "f|int", "'x'|int", "'x'|int(7)", "hex|int(0, 16)", "'0b101'|int(0, 2)", "'12'|int(base=8)", "t|int",
    "' 42 '|int", "'1e3'|int", "i|float", "num_str|float", "'x'|float", "'x'|float(1.5)", "'1.5e3'|float", "' 2.5 '|float",
    "'  a  '|trim", "'xxaxx'|trim('x')", "s|replace('b', 'X')", "'aaa'|replace('a', 'b', 2)", "s|replace('', '-')",
    "'%s-%s'|format('a', 1)", "'%05.1f'|format(pi)", "'%(a)s'|format(a=1)", "S|center(15)", "'ab'|center(5)", "S|center(3)",
    "text|indent", "text|indent(2, true)", "text|indent(2, blank=true)", "text|indent('> ')", "'a b c'|wordcount",
    "'one, two; three'|wordcount", "S|truncate(8)", "'abcdefghijklmnopqrstuvwxyz 1234567890'|truncate(10)",
    "'abcdefghij klmnopqrstuvwxyz'|truncate(12, true)", "'abcdefghij klmnopqrstuvwxyz'|truncate(12, end='!')",
    "'short'|truncate(3, leeway=0)", "S|truncate(100)", "f|round", "3.5|round", "2.675|round(2)", "1.25|round(1)", "-2.5|round",
    "7|round", "pi|round(3)", "pi|round(2, 'floor')", "pi|round(1, 'ceil')", "neg|abs", "-2.5|abs", "l|batch(2)|list",
    "l|batch(2, 0)|list", "[1, 2, 3, 4, 5]|slice(2)|list", "[1, 2, 3, 4]|slice(3, 'x')|list", "d|dictsort", "d|dictsort(reverse=true)",
    "{'b': 1, 'A': 2, 'a': 3}|dictsort", "{'b': 1, 'A': 2, 'a': 0}|dictsort(by='value')", "d|items|list", "ed|items|list",
    "html|e", "html|escape", "html|striptags", "'<p>a  <br/> b</p>'|striptags", "d|tojson", "{'b': 1, 'a': [1, 2]}|tojson",
    "html|tojson", "unicode|tojson", "d|tojson(2)", "l|tojson", "n|tojson", "pi|tojson", "'a b/c?d=é'|urlencode",
    "{'a': 'x y', 'b': 1}|urlencode", "'the quick brown fox jumps over'|wordwrap(10)", "d|pprint", "s|safe", "d|attr('a')",
    "l|nofilter", "s|int|string|length", "users|map(attribute='age')|select('>', 26)|list|length",
    "'hello world'|replace('world', 'there')|title", "l|map('string')|join('+')", "words|sort|first", "d.b|last",
]
for t in F:
    add(E("{{ %s }}" % t))

# -- tests --
T = ["n is none", "s is none", "undefined_var is defined", "undefined_var is undefined", "d.x is defined", "d.a is defined",
     "s is string", "i is number", "f is number", "t is boolean", "i is integer", "f is float", "t is true", "fa is false",
     "d is mapping", "l is sequence", "s is sequence", "l is iterable", "i is iterable", "i is odd", "i is even", "zero is even",
     "9 is divisibleby 3", "9 is divisibleby(4)", "s is lower", "S is upper", "'ABC' is upper", "1 is in l", "'a' is in d",
     "s is not none", "n is not none", "i is eq 3", "i is ne 3", "i is gt 2", "i is lt 2", "i is ge 3", "i is le 2", "i == 3",
     "i is sameas 3", "n is sameas none", "'upper' is filter", "'nofilter' is filter", "'odd' is test", "l is callable",
     "i is notatest", "1.0 is integer", "'1' is number"]
for t in T:
    add(E("{{ %s }}" % t))

# -- Python methods on values --
M = ["s.upper()", "S.lower()", "'  x '.strip()", "'xxyxx'.strip('x')", "' a '.lstrip()", "' a '.rstrip()", "csv.split(',')",
     "'a b  c'.split()", "'a,b,c'.split(',', 1)", "'a,b,c'.rsplit(',', 1)", "text.splitlines()", "s.startswith('a')",
     "s.endswith('z')", "s.replace('a', 'A')", "','.join(['a', 'b'])", "'{} and {}'.format(1, 'x')", "'{0}{1}{0}'.format('a', 'b')",
     "'{name}!'.format(name='bob')", "'{:>5}|{:<4}|{:^5}'.format('a', 'b', 'c')", "'{:.2f}'.format(pi)", "'{:05d}'.format(42)",
     "s.find('c')", "s.find('z')", "'banana'.count('a')", "S.title()", "'hello'.capitalize()", "num_str.isdigit()", "s.isalpha()",
     "'42'.zfill(5)", "d.get('a')", "d.get('zz')", "d.get('zz', 5)", "d.keys()|list", "d.values()|list", "d.items()|list",
     "d.keys()|sort|join(',')", "l.index(2)", "l.count(1)", "'a-b-c'.partition('-')", "s.nomethod()", "d.nomethod()"]
for t in M:
    add(E("{{ %s }}" % t))

# -- % formatting --
P = ["'%s' % s", "'%s %d' % ('a', 2)", "'%s' % l", "'%s' % (l,)", "'%r' % s", "'%5s|' % 'ab'", "'%-5s|' % 'ab'", "'%05d' % 42",
     "'%+d' % 5", "'%.2f' % pi", "'%10.3f|' % pi", "'%e' % 12345.678", "'%g' % 0.00001234", "'%g' % 123456789.0", "'%x' % 255",
     "'%X' % 255", "'%#x' % 255", "'%o' % 8", "'%c' % 65", "'%%'  % ()", "'%(a)s and %(b)s' % {'a': 1, 'b': 2}", "'%d' % 3.9",
     "'%s %s' % ('a',)", "'%s' % ('a', 'b')", "'%d' % 'x'", "'%s' % n", "'%s' % d", "'%i%%' % 50", "'%.1f%%' % 99.95"]
for t in P:
    add(E("{{ %s }}" % t))

# -- type errors and other evaluation errors --
X = ["1 + 'a'", "'a' + 1", "[1] + 1", "1 < 'a'", "none < 1", "1 / 0", "1 // 0", "1 % 0", "1.0 / 0", "'a' - 'b'", "-'a'",
     "d + d", "l * 'x'", "1 in 1", "1 in 'abc'", "l()", "range(3)", "range(1, 10, 3)", "range(5, 0, -2)",
     "range(0)", "range(3)|list", "range(200000)", "dict(a=1, b=2)", "dict([('a', 1)])", "namespace(a=1).a", "'x' ~ l",
     "9223372036854775806 + 1"]
for t in X:
    add(E("{{ %s }}" % t))

# -- syntax errors --
for t in ["{{ 1 + }}", "{{ foo( }}", "{{ [1, 2 }}", "{{ 'unterminated }}", "{{ a b }}", "{{ 1 = 2 }}", "{{ d. }}", "{{ | upper }}",
          "{{ x is }}", "{{ }}", "{% if %}x{% endif %}", "{% if true %}x", "{% endif %}", "{% foo %}", "{% for x in %}{% endfor %}",
          "{% for x l %}{% endfor %}", "{% set %}", "{{ 1 }", "{% if true %}a{% else %}b{% else %}c{% endif %}", "{# unclosed",
          "{% raw %}never closed", "{{ 1 }} {% if %}"]:
    add(E(t))
    add(R(t))

# -- statements, whitespace control, rendering (st2 render and Orquesta evaluate) --
S = [
    "{% if t %}yes{% endif %}", "{% if fa %}yes{% else %}no{% endif %}", "{% if i > 5 %}big{% elif i > 2 %}mid{% else %}small{% endif %}",
    "{% if undefined_var is defined %}a{% else %}b{% endif %}", "{% if undefined_var %}a{% endif %}", "{% if d.x %}a{% endif %}",
    "{% for x in l %}{{ x }},{% endfor %}", "{% for x in l %}{{ loop.index }}/{{ loop.length }}{% if not loop.last %} {% endif %}{% endfor %}",
    "{% for x in l %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{% endfor %}",
    "{% for x in l %}{{ loop.cycle('odd', 'even') }} {% endfor %}", "{% for x in l %}{{ loop.previtem|default('-') }}{{ loop.nextitem|default('-') }} {% endfor %}",
    "{% for x in el %}x{% else %}empty{% endfor %}", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}",
    "{% for k in d %}{{ k }}{% endfor %}", "{% for c in s %}[{{ c }}]{% endfor %}", "{% for x in l if x > 1 %}{{ x }}{% endfor %}",
    "{% for x in l if x > 1 %}{{ loop.index }}{% endfor %}", "{% for u in users %}{% for k in ['name'] %}{{ u[k] }}{{ loop.depth }}{% endfor %}{% endfor %}",
    "{% for a, b in [[1, 2], [3, 4]] %}{{ a + b }} {% endfor %}", "{% for x in undefined_var %}{% endfor %}", "{% for x in i %}{% endfor %}",
    "{% for a, b in [[1, 2, 3]] %}{% endfor %}", "{% set x = 5 %}{{ x * 2 }}", "{% set a, b = 1, 2 %}{{ a }}-{{ b }}",
    "{% set x %}inner {{ s }}{% endset %}[{{ x }}]", "{% set x | upper %}shout{% endset %}{{ x }}",
    "{% set x = 1 %}{% for i in l %}{% set x = i %}{% endfor %}{{ x }}", "{% set ns = namespace(total=0) %}{% for v in l %}{% set ns.total = ns.total + v %}{% endfor %}{{ ns.total }}",
    "{% raw %}{{ not evaluated }}{% endraw %}", "before {% raw %}{% if %}{{ x }}{% endraw %} after",
    "{# a comment #}text", "a {# c #} b", "{{ s }}\n", "{{ s }}\n\n", "line1\n{% if t %}\nyes\n{% endif %}\nline2",
    "  {% if t %}\n  indented\n  {% endif %}\nend", "  {%+ if t %}x{% endif %}", "{% if t -%}\n   trimmed   \n{%- endif %}",
    "a   {{- s -}}   b", "a {{+ s }} b", "{% for x in l %}\n  - {{ x }}\n{% endfor %}", "{%- if t %} x {% endif -%}  ",
    "{% if t %}a{% endif %}\r\nb", "{% for x in l %}{% if x == 2 %}{{ x }}{% endif %}{% endfor %}",
    "{% if 1 in l and 'a' in d or false %}ok{% endif %}", "{{ l|length }} items: {% for x in l %}{{ x }}{% if not loop.last %}, {% endif %}{% endfor %}",
    "{% if t %}{{ d }}{% endif %}", "{% if t %}{{ l }}{% endif %}", "{% if t %}{{ 5 }}{% endif %}", "{% if t %}{{ n }}{% endif %}",
    "{% if t %}{{ '{{ s }}' }}{% endif %}", "{{ '{{ i }}' }}", "{{ '{{ i }}' ~ 'x' }}", "{{ '{{ undefined_var }}' }}",
    "{{ d['{{'] }}", "{% for x in range(3) %}{{ x }}{% endfor %}", "{% for i in range(1000001) %}{% endfor %}",
    "{% for x in l %}{% for y in l %}{{ x * y }} {% endfor %}{% endfor %}", "{% if t %}{% endif %}", "{% if true %}{{ d.x }}{% endif %}",
    "{% set l2 = [] %}{% for x in l %}{% do l2.append(x) %}{% endfor %}",
    "{% with a = 1, b = 2 %}{{ a + b }}{% endwith %}{{ a|default('out') }}",
    "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('bob') }} {{ greet('al', punct='?') }}",
    "{% macro row(u) %}{{ u.name }}={{ u.age }}{% endmacro %}{% for u in users %}{{ row(u) }};{% endfor %}",
    "{% macro m(a) %}[{{ a }}]{% endmacro %}{{ m() }}", "{% macro m() %}x{% endmacro %}{{ m(1) }}", "{% with a = 1 %}{{ a }}{% endwith %}",
    "{% set d2 = {} %}{{ d2.update({'a': 1}) }}{{ d2 }}",
    "{% set x = 0 %}{% for i in [1, 2] %}{{ x }}{% set x = i %}{% endfor %}{{ x }}",
    "{% for i in [1, 2] %}{% if i == 2 %}{{ y }}{% endif %}{% set y = i %}{% endfor %}",
    "{% filter upper %}ab{{ s }}{% endfilter %}", "{% filter trim | title %}  hello world  {% endfilter %}",
    "{{ 'straße'|upper }}", "{{ 'ﬁne'.upper() }}", "{% set l2 = [] %}{{ l2.append(1) }}{{ l2 }}",
]
for t in S:
    add(R(t))
    add(E(t))

# -- render-mode specifics: str() of values, st2kv, decrypt_kv --
RS = ["{{ s }}", "{{ i }}", "{{ f }}", "{{ n }}", "{{ t }}", "{{ l }}", "{{ d }}", "{{ users[0] }}", "{{ mixed }}", "{{ (1, 'a') }}",
      "{{ ['it\\'s', 'a\"b', \"x'y\\\"z\"] }}", "{{ ['a\\nb', '\\\\'] }}", "{{ unicode }}", "{{ [unicode] }}", "{{ big }}",
      "{{ tiny }}", "{{ 1e16 }}", "{{ 1e15 }}", "{{ 0.0001 }}", "{{ -0.0 }}", "{{ d.x }}", "{{ undefined_var }}", "{{ l[9] }}",
      "{{ d[0] }}", "{{ n.x }}", "{{ x if false }}", "Hello {{ S }}!", "{{ d.keys() }}", "{{ d.items() }}", "{{ range(3) }}",
      "{{ quote }}", "{{ [quote] }}", "{{ {'k': quote} }}", "{{ l|map('string')|list }}"]
for t in RS:
    add(R(t))
for t in ["{{ st2kv.system.k }}", "{{ st2kv.user.k }}", "{{ st2kv.system.nope }}", "[{{ st2kv.system.nope }}]",
          "{{ st2kv.system.dotted.key }}", "{{ st2kv.system.k | decrypt_kv }}", "{{ st2kv.system.nope | decrypt_kv }}",
          "{{ st2kv.system.k | upper }}", "{{ st2kv.system.k ~ '!' }}", "{{ st2kv.system['k'] }}",
          "{% if st2kv.system.k %}set{% endif %}", "{{ st2kv.system.k | length }}",
          "{% if st2kv.system.nope %}truthy{% else %}falsy{% endif %}", "{{ st2kv.system.nope is defined }}",
          "[{{ st2kv.system.nope | default('d') }}]", "{{ st2kv.system.k == 'sys' }}", "{{ st2kv.system.num | int + 1 }}",
          "{{ st2kv.system.num | float }}", "{{ st2kv.system.k | upper }}-{{ st2kv.user.k | title }}"]:
    add(R(t, kv=KV))

# -- StackStorm filters and functions --
ST2 = [
    "d|to_json_string", "l|to_json_string", "{'b': 1, 'a': 2}|to_json_string(sort_keys=true)", "d|to_json_string(indent=2)",
    "unicode|to_json_string", "n|to_json_string", "pi|to_json_string", "d|to_yaml_string", "l|to_yaml_string", "s|to_yaml_string",
    "users|to_yaml_string", "{'k': 'multi\\nline', 'e': '', 'q': 'yes', 'n': none, 'num': '123', 'b': true, 'f': 1.5}|to_yaml_string",
    "{'a': {'b': {'c': [1, {'d': 'e'}]}}}|to_yaml_string", "unicode|to_yaml_string", "[]|to_yaml_string", "{}|to_yaml_string",
    "{'key with: colon': '#hash', 'dash': '- x', 'star': '*x', 'pct': '%x', 'at': '@x', 'bt': '`x'}|to_yaml_string",
    "{'t': 'true', 'no': 'no', 'null': 'null', 'tilde': '~', 'date': '2020-01-01', 'float': '1.5', 'hex': '0x1F', 'octal': '0o17'}|to_yaml_string",
    "d|to_yaml_string(indent=4)",
    "{'long': ' '.join(['word'] * 40), 'quoted': 'yes ' + ' '.join(['x'] * 50) + ' end:', 'tabbed': 'a\tb ' * 30}|to_yaml_string",
    "[' '.join(['w'] * 60), {'k': ['a' * 90, 'b c' * 40]}]|to_yaml_string", "'x' * 100|to_yaml_string",
    "{'': 1, 'multi\nkey': 2, 'k' * 130: 3}|to_yaml_string", "{'emoji': '\U0001F600 smile', 'nul': 'a\x00b', 'bom': '\ufeffx'}|to_yaml_string",
    "[[[]], [{}], {'a': []}, {'b': {}}]|to_yaml_string", "{'a': [{'b': [1, 2]}, [3, [4]]]}|to_yaml_string(indent=3)",
    "[1.0, 1e300, -1e-300, 0.5, 100.0, 123456789012345678.0]|to_yaml_string", "'---'|to_yaml_string", "'...x'|to_yaml_string",
    "'a: b'|to_yaml_string", "'- a'|to_yaml_string", "'#c'|to_yaml_string", "'c#d'|to_yaml_string", "'x ?'|to_yaml_string", "json_str|from_json_string", "'[1, 2.5, \"x\"]'|from_json_string", "'{bad'|from_json_string",
    "yaml_str|from_yaml_string", "'- a\\n- b: 1\\n'|from_yaml_string", "'just text'|from_yaml_string", "'a: [1, 2'|from_yaml_string",
    "html|json_escape", "'line\\nbreak\\t\"q\"'|json_escape", "unicode|json_escape", "d|to_complex", "s|to_complex",
    "n|use_none", "s|use_none", "'abc123'|regex_match('[a-z]+')", "'abc123'|regex_match('[0-9]+')", "'ABC'|regex_match('abc', true)",
    "'abc123'|regex_search('[0-9]+')", "'abc123'|regex_replace('[0-9]', '#')", "'John Smith'|regex_replace('(\\\\w+) (\\\\w+)', '\\\\2, \\\\1')",
    "'a1b22c333'|regex_substring('[0-9]+')", "'a1b22c333'|regex_substring('[0-9]+', 2)", "'a1b22'|regex_substring('[0-9]+', 5)",
    "'k=v; x=y'|regex_substring('(\\\\w)=(\\\\w)')", "12345|regex_match('12')", "'x'|regex_match('(')",
    "version|version_compare('1.2.4')", "version|version_compare('1.2.3')", "version|version_compare('1.2.2')",
    "pre|version_compare('1.2.3')", "'1.0.0-alpha'|version_compare('1.0.0-alpha.1')", "'1.0.0-alpha.10'|version_compare('1.0.0-alpha.2')",
    "'1.0.0-rc.1'|version_compare('1.0.0-beta.11')", "version|version_more_than('1.2.0')", "version|version_less_than('1.10.0')",
    "version|version_equal('1.2.3')", "version|version_match('>=1.2.0')", "version|version_match('<1.2.0')", "version|version_match('==1.2.3')",
    "version|version_match('!=1.2.3')", "version|version_match('1.2.3')", "version|version_match('~1.2')", "version|version_bump_major",
    "version|version_bump_minor", "version|version_bump_patch", "pre|version_bump_patch", "version|version_strip_patch",
    "'1.2'|version_bump_major", "'v1.2.3'|version_compare('1.2.3')", "path|basename", "path|dirname", "'/'|basename", "'file'|dirname",
    "'a/b/'|basename", "seconds|to_human_time_from_seconds", "0|to_human_time_from_seconds", "59|to_human_time_from_seconds",
    "3600|to_human_time_from_seconds", "90061|to_human_time_from_seconds", "31536000|to_human_time_from_seconds",
    "0.5|to_human_time_from_seconds", "125.6|to_human_time_from_seconds", "'12'|to_human_time_from_seconds",
    "d|jsonpath_query('$.a')", "d|jsonpath_query('$.b[1]')", "d|jsonpath_query('$.b[*]')", "nested|jsonpath_query('$..d')",
    "users|jsonpath_query('$[*].name')", "d|jsonpath_query('$.zz')", "d|jsonpath_query('$.c.x')",
    "json_dump(d)", "json_parse(json_str)", "yaml_dump(l)", "yaml_parse(yaml_str)", "to_json_string(l)", "regex_replace('aaa', 'a', 'b')",
    "basename(path)", "version_compare('2.0.0', '1.0.0')", "use_none(none)", "to_human_time_from_seconds(61)",
    "from_json_string('{\"a\": 1}').a", "d|to_json_string|from_json_string == d", "json_str|from_json_string|to_json_string",
]
for t in ST2:
    add(E("{{ %s }}" % t))
for t in ["{{ d|to_json_string }}", "{{ d|to_yaml_string }}", "x={{ l|to_json_string }}", "{{ html|json_escape }}",
          "{{ s|use_none }}", "{{ n|use_none }}", "{{ version|version_bump_minor }}", "{{ path|dirname }}"]:
    add(R(t))

# -- Orquesta re-evaluation and mixed text --
for t in ["{{ '{{ 1 + 1 }}' }}", "{{ '{{ ctx(\"i\") }}' }}", "{{ '{{ l }}' }}", "{{ '{{ 1 }} and {{ 2 }}' }}", "{% if t %}{{ '{{ 3 }}' }}{% endif %}",
          "{{ s }} {{ s }}", "{{ s }}{{ i }}", "{{ s }}-{{ i }}", "{{ i }}", " {{ i }}", "{{ i }} ", "{{i}}", "{{ l }} x", "{{ d }}",
          "{{ n }}", "{{ n }} x", "{{ undefined_var }} x", "{{ undefined_var }} and {{ i }}", "{{ 'x' ~ undefined_var }}",
          "{% raw %}{{ i }}{% endraw %}", "{% raw %}{{ i }}{% endraw %} {{ i }}", "{{ {'a': '{{ 1 }}'} }}"]:
    add(E(t))
