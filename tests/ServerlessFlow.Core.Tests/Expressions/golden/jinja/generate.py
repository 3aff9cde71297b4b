#!/usr/bin/python3
"""Generates jinja_cases.json: golden cases for ServerlessFlow's Jinja engine.

Run with Debian's interpreter (jinja2 3.1.2, PyYAML):  /usr/bin/python3 generate.py

Expected values come from real Jinja2, configured as Orquesta and StackStorm configure it
(SandboxedEnvironment, StrictUndefined, trim_blocks, lstrip_blocks). Two modes:

* "evaluate": Orquesta's JinjaEvaluator.evaluate (copied below from orquesta/expressions/jinja.py):
  a text that is one {{ }} keeps its type, string results are evaluated again, {% %} renders the
  whole text, raw blocks are kept. The scope data is ctx()'s variables and, as ServerlessFlow
  documents for `sflow expr`, also the top-level names.
* "render": st2's render of rule/action parameters: env.from_string(text).render(context).

Orquesta's functions (ctx, json, zip, result, succeeded, failed, completed, item, task_status) and
st2's filters/functions (st2common/expressions/functions/*.py) are re-implemented here by copying
their behaviour from the StackStorm sources; the libraries they wrap and that are not installed
here are replaced as noted: orjson -> json, semver -> the small SemVer 2.0 implementation below
(same parse regex and precedence as python-semver 3), jsonpath_rw -> the JSONPath subset below
($, .name, ['name'], [n], [*], .*, ..name).
"""
import json
import os
import posixpath
import re
import datetime
import functools
import inspect
import sys

import jinja2
import jinja2.sandbox
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no __pycache__ beside the golden files (they are copied to the test output)
sys.path.insert(0, os.path.dirname(HERE))
from golden_shared import (SHARED, ExpressionEvaluationException, VariableUndefinedError,  # noqa: E402
                           VariableInaccessibleError, json_, zip_, ctx_)


class JinjaEvaluationException(Exception):
    pass


# ---- orquesta functions (orquesta/expressions/functions/common.py, workflow.py; json, zip and ctx
# are the same for YAQL and live in ../golden_shared.py) ----

def _current_task(context):
    current_task = context.get("__current_task") or {}
    if not current_task:
        raise ExpressionEvaluationException("The current task is not set in the context.")
    return current_task


def result_(context):
    return _current_task(context).get("result")


def succeeded_(context):
    return _current_task(context).get("status") == "succeeded"


def failed_(context):
    return _current_task(context).get("status") == "failed"


def completed_(context):
    return _current_task(context).get("status") in ["succeeded", "failed", "expired", "abandoned", "canceled"]


def item_(context, key=None):
    if "__current_item" not in context or context.get("__has_item") is not True:
        raise ExpressionEvaluationException("The current item is not set in the context.")
    current_item = context["__current_item"]
    if not key:
        return current_item
    if not isinstance(current_item, dict):
        raise ExpressionEvaluationException("Item is not type of collections.abc.Mapping.")
    if key not in current_item:
        raise ExpressionEvaluationException('Item does not have key "%s".' % key)
    return current_item[key]


def task_status_(context, task_id, route=None):
    return (context.get("__task_statuses") or {}).get(task_id, "null")


def task_(context, task_id=None, route=None):
    # st2's orquesta_functions/runtime.py: task([task_id][, route]) returns the task execution
    # record; without an id it is the current task's. Records come from the case's "workflow".
    if task_id is None:
        task_id = (context.get("__current_task") or {}).get("id")
    tasks = context.get("__tasks") or {}
    if task_id not in tasks:
        raise ExpressionEvaluationException('Unable to find task execution for "%s".' % task_id)
    return tasks[task_id]


def st2kv_(context, key, **kwargs):
    store = context.get("__kv") or {}
    decrypt = kwargs.get("decrypt", False)
    scope, _, name = key.partition(".")
    if scope not in ("system", "user"):
        scope, name = None, key
    def get(s):
        v = (store.get(s) or {}).get(name)
        if v is not None and decrypt:
            return (store.get("decrypted") or {}).get(s + "." + name, v)
        return v
    value = get(scope) if scope else (get("user") if get("user") is not None else get("system"))
    if value is None:
        if "default" in kwargs:
            return kwargs["default"]
        raise ExpressionEvaluationException('Key "%s" does not exist in the datastore.' % key)
    return value


# ---- st2 functions (st2common/st2common/expressions/functions/*.py) ----

def from_json_string(value):
    return json.loads(str(value))


def from_yaml_string(value):
    return yaml.safe_load(str(value))


def to_json_string(value, indent=None, sort_keys=False, separators=(",", ": ")):
    options = {}
    if indent is not None:
        options["indent"] = indent
    if sort_keys is not None:
        options["sort_keys"] = sort_keys
    if separators is not None:
        options["separators"] = separators
    return json.dumps(value, **options)


def to_yaml_string(value, indent=None, allow_unicode=True):
    options = {"default_flow_style": False}
    if indent is not None:
        options["indent"] = indent
    if allow_unicode is not None:
        options["allow_unicode"] = allow_unicode
    return yaml.safe_dump(value, **options)


def json_escape(value):
    return json.dumps(value).strip('"')


def _jsonpath(value, query):
    # Subset of jsonpath_rw: $, .name, ['name'], [n], [*], .*, ..name
    tokens = re.findall(r"\.\.([A-Za-z0-9_\-]+)|\.([A-Za-z0-9_\-]+|\*)|\[\s*'([^']*)'\s*\]|\[\s*\"([^\"]*)\"\s*\]|\[\s*(-?\d+)\s*\]|\[\s*(\*)\s*\]|(\$)", query)
    current = [value]
    for deep, name, sq, dq, idx, star, root in tokens:
        nxt = []
        if root:
            nxt = current
        elif deep:
            def walk(v):
                if isinstance(v, dict):
                    if deep in v:
                        nxt.append(v[deep])
                    for x in v.values():
                        walk(x)
                elif isinstance(v, list):
                    for x in v:
                        walk(x)
            for v in current:
                walk(v)
        elif name == '*' or star:
            for v in current:
                if isinstance(v, dict):
                    nxt.extend(v.values())
                elif isinstance(v, list):
                    nxt.extend(v)
        elif name or sq or dq:
            key = name or sq or dq
            for v in current:
                if isinstance(v, dict) and key in v:
                    nxt.append(v[key])
        elif idx:
            i = int(idx)
            for v in current:
                if isinstance(v, list) and -len(v) <= i < len(v):
                    nxt.append(v[i])
        current = nxt
    return current


def jsonpath_query(value, query):
    matches = _jsonpath(value, query)
    if not matches:
        return None
    return matches


def to_complex(value):
    return json.dumps(value)


NONE_MAGIC_VALUE = "%*****__%NONE%__*****%"


def use_none(value):
    return NONE_MAGIC_VALUE if value is None else value


def regex_match(value, pattern, ignorecase=False):
    if not isinstance(value, str):
        value = str(value)
    return bool(re.match(pattern, value, re.I if ignorecase else 0))


def regex_replace(value, pattern, replacement, ignorecase=False):
    if not isinstance(value, str):
        value = str(value)
    return re.compile(pattern, re.I if ignorecase else 0).sub(replacement, value)


def regex_search(value, pattern, ignorecase=False):
    if not isinstance(value, str):
        value = str(value)
    return bool(re.search(pattern, value, re.I if ignorecase else 0))


def regex_substring(value, pattern, result_index=0, ignorecase=False):
    if not isinstance(value, str):
        value = str(value)
    return re.findall(pattern, value, re.I if ignorecase else 0)[result_index]


def to_human_time_from_seconds(seconds):
    assert isinstance(seconds, int) or isinstance(seconds, float)
    if seconds is None:
        return None
    if seconds == 0:
        return "0s"
    if seconds < 1:
        return "%s\u03BCs" % seconds
    if isinstance(seconds, float):
        seconds = int(round(seconds))
    timedelta = datetime.timedelta(seconds=seconds)
    offset_date = datetime.datetime(1, 1, 1) + timedelta
    time_parts = [offset_date.year - 1, offset_date.day - 1, offset_date.hour, offset_date.minute, offset_date.second]
    first_non_zero_pos = next((i for i, x in enumerate(time_parts) if x), None)
    if first_non_zero_pos is None:
        return "0s"
    time_parts = time_parts[first_non_zero_pos:]
    fmt = {1: "%ss", 2: "%sm%ss", 3: "%sh%sm%ss", 4: "%sd%sh%sm%ss", 5: "%sy%sd%sh%sm%ss"}[len(time_parts)]
    return fmt % tuple(time_parts)


_SEMVER = re.compile(r"^(?P<major>0|[1-9]\d*)\.(?P<minor>0|[1-9]\d*)\.(?P<patch>0|[1-9]\d*)"
                     r"(?:-(?P<prerelease>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
                     r"(?:\+(?P<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")


class SemVer:
    def __init__(self, text):
        m = _SEMVER.match(text)
        if not m:
            raise ValueError("%s is not valid SemVer string" % text)
        self.major, self.minor, self.patch = int(m['major']), int(m['minor']), int(m['patch'])
        self.prerelease, self.build = m['prerelease'], m['build']

    def compare(self, other):
        other = SemVer(other) if isinstance(other, str) else other
        a = (self.major, self.minor, self.patch)
        b = (other.major, other.minor, other.patch)
        if a != b:
            return (a > b) - (a < b)
        if self.prerelease == other.prerelease:
            return 0
        if self.prerelease is None:
            return 1
        if other.prerelease is None:
            return -1
        def key(part):
            return (0, int(part), '') if part.isdigit() else (1, 0, part)
        pa = [key(p) for p in self.prerelease.split('.')]
        pb = [key(p) for p in other.prerelease.split('.')]
        return (pa > pb) - (pa < pb)

    def match(self, expr):
        prefix = expr[:2]
        if prefix in (">=", "<=", "==", "!="):
            version = expr[2:]
        elif prefix and prefix[0] in (">", "<"):
            prefix = prefix[0]
            version = expr[1:]
        elif expr and expr[0] in "0123456789":
            prefix = "=="
            version = expr
        else:
            raise ValueError("match_expr parameter should be in format <op><ver>, where <op> is one of "
                             "['<', '>', '==', '<=', '>=', '!=']. You provided: %r" % expr)
        c = self.compare(version)
        return {"<": c < 0, ">": c > 0, "==": c == 0, "<=": c <= 0, ">=": c >= 0, "!=": c != 0}[prefix]

    def __str__(self):
        return "%d.%d.%d" % (self.major, self.minor, self.patch) + \
            ("-" + self.prerelease if self.prerelease else "") + ("+" + self.build if self.build else "")


def version_compare(value, pattern):
    return SemVer(value).compare(pattern)


def version_more_than(value, pattern):
    return version_compare(value, pattern) == 1


def version_less_than(value, pattern):
    return version_compare(value, pattern) == -1


def version_equal(value, pattern):
    return version_compare(value, pattern) == 0


def version_match(value, pattern):
    return SemVer(value).match(pattern)


def _bump(value, part):
    v = SemVer(value)
    if part == 'major':
        return "%d.0.0" % (v.major + 1)
    if part == 'minor':
        return "%d.%d.0" % (v.major, v.minor + 1)
    return "%d.%d.%d" % (v.major, v.minor, v.patch + 1)


def version_bump_major(value):
    return _bump(value, 'major')


def version_bump_minor(value):
    return _bump(value, 'minor')


def version_bump_patch(value):
    return _bump(value, 'patch')


def version_strip_patch(value):
    v = SemVer(value)
    return f"{v.major}.{v.minor}"


def basename(path):
    return posixpath.basename(path)


def dirname(path):
    return posixpath.dirname(path)


ST2_FILTERS = {
    "from_json_string": from_json_string, "from_yaml_string": from_yaml_string, "json_escape": json_escape,
    "jsonpath_query": jsonpath_query, "to_complex": to_complex, "to_json_string": to_json_string,
    "to_yaml_string": to_yaml_string, "regex_match": regex_match, "regex_replace": regex_replace,
    "regex_search": regex_search, "regex_substring": regex_substring,
    "to_human_time_from_seconds": to_human_time_from_seconds, "version_compare": version_compare,
    "version_more_than": version_more_than, "version_less_than": version_less_than,
    "version_equal": version_equal, "version_match": version_match, "version_bump_major": version_bump_major,
    "version_bump_minor": version_bump_minor, "version_bump_patch": version_bump_patch,
    "version_strip_patch": version_strip_patch, "use_none": use_none, "basename": basename, "dirname": dirname,
}

# Orquesta's catalog as st2's orquesta runner installs it (setup.py entry points).
CATALOG = dict(ST2_FILTERS)
CATALOG.update({
    "json": json_, "zip": zip_, "ctx": ctx_, "result": result_, "succeeded": succeeded_, "failed": failed_,
    "completed": completed_, "item": item_, "task_status": task_status_, "task": task_, "st2kv": st2kv_,
    "json_dump": to_json_string, "json_parse": from_json_string, "yaml_dump": to_yaml_string,
    "yaml_parse": from_yaml_string,
})


def make_env():
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    for name, func in CATALOG.items():
        env.filters[name] = func
    env.tests["in"] = lambda item, list: item in list
    return env


ENV = make_env()


class KeyValueLookup:
    """st2's KeyValueLookup: attribute access builds the key, str() reads the value ('' if absent)."""
    def __init__(self, store, scope, key=""):
        self._store, self._scope, self._key = store, scope, key

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        return KeyValueLookup(self._store, self._scope, self._key + "." + name if self._key else name)

    __getitem__ = __getattr__

    def __str__(self):
        v = (self._store.get(self._scope) or {}).get(self._key)
        return "" if v is None else str(v)

    def __int__(self):
        return int(float(self))

    def __float__(self):
        return float(str(self))


def decrypt_kv(value):
    if isinstance(value, KeyValueLookup):
        plain = (value._store.get("decrypted") or {}).get(value._scope + "." + value._key)
        if plain is None:
            plain = str(value)
        if plain == "":
            raise ValueError('Referenced datastore item "%s.%s" doesn\'t exist or it contains an empty string' % (value._scope, value._key))
        return plain
    raise ValueError("decrypt_kv can only decrypt st2kv.system.* / st2kv.user.* lookups")


ENV.filters["decrypt_kv"] = decrypt_kv


def has_ctx_arg(func):
    return "context" in inspect.getfullargspec(func).args


# ---- orquesta/expressions/jinja.py, JinjaEvaluator (copied) ----
_regex_parser = re.compile("{{.*?}}")
_regex_block_parser = re.compile("{%.*?%}")
_regex_raw_block_parser = re.compile("{% raw %}.*?{% endraw %}")


def strip_delimiter(expr):
    return expr.strip("{{}}").strip()


def contextualize(data, workflow):
    ctx = {"__vars": data}
    for name, func in CATALOG.items():
        ctx[name] = functools.partial(func, ctx) if has_ctx_arg(func) else func
    ctx.update(workflow)
    return ctx


def _evaluate_and_expand(text, data, workflow, globals_):
    exprs = _regex_parser.findall(text)
    block_exprs = _regex_block_parser.findall(text)
    ctx = contextualize(data, workflow)
    ctx_all = dict(globals_)
    ctx_all.update(ctx)
    opts = {"undefined_to_none": False}
    expr = text
    try:
        if block_exprs:
            expr = text
            output = ENV.from_string(expr).render(ctx_all)
            output = str(output)
            output = _evaluate_and_expand(output, data, workflow, globals_)
        else:
            output = str(text)
            for expr in exprs:
                stripped = strip_delimiter(expr)
                compiled = ENV.compile_expression(stripped, **opts)
                result = compiled(**ctx_all)
                if inspect.isgenerator(result):
                    result = list(result)
                if isinstance(result, str):
                    result = _evaluate_and_expand(result, data, workflow, globals_)
                if not isinstance(result, jinja2.runtime.StrictUndefined):
                    if len(exprs) > 1 or block_exprs or len(output) > len(expr):
                        output = output.replace(expr, str(result))
                    else:
                        output = result
    except Exception as e:
        msg = "Unable to evaluate expression '%s'. %s: %s"
        raise JinjaEvaluationException(msg % (expr, e.__class__.__name__, str(e)))
    return output


def evaluate(text, data, workflow, globals_):
    raw_blocks = _regex_raw_block_parser.findall(text)
    for i in range(0, len(raw_blocks)):
        text = text.replace(raw_blocks[i], "{%s}" % str(i))
    output = _evaluate_and_expand(text, data, workflow, globals_)
    if isinstance(output, str):
        exprs = [strip_delimiter(expr) for expr in _regex_parser.findall(output)]
        if exprs:
            raise JinjaEvaluationException("There are unresolved variables: %s" % ", ".join(exprs))
    if isinstance(output, str) and raw_blocks:
        for i in range(0, len(raw_blocks)):
            output = output.replace("{%s}" % str(i), raw_blocks[i])
        ctx = contextualize(data, workflow)
        ctx_all = dict(globals_)
        ctx_all.update(ctx)
        output = ENV.from_string(output).render(ctx_all)
    return output


# ---- orquesta's JinjaEvaluator.validate and extract_vars (copied), for the analysis cases ----
_regex_ctx_ref_pattern = r'[][a-zA-Z0-9_\'"\.()]*'
_regex_ctx_var_parser = re.compile(r'\bctx\([\'"]?{0}[\'"]?\)\.?{0}'.format(_regex_ctx_ref_pattern))
_regex_var = r"[a-zA-Z0-9_-]+"
_regex_var_extracts = [
    r"(?<=\bctx\(\)\.)({})\b(?!\()\.?".format(_regex_var),
    r"(?:\bctx\(({})\))".format(_regex_var),
    r"(?:\bctx\(\'({})\'\))".format(_regex_var),
    r'(?:\bctx\("({})"\))'.format(_regex_var),
]


def validate(text):
    errors = []
    try:
        ENV.parse(text)
    except jinja2.exceptions.TemplateError as e:
        errors.append({"expression": text, "message": str(e)})
    for expr in _regex_parser.findall(text):
        if list(filter(lambda x: x["expression"] == expr, errors)):
            continue
        try:
            parser = jinja2.parser.Parser(ENV.overlay(), strip_delimiter(expr), state="variable")
            parser.parse_expression()
        except jinja2.exceptions.TemplateError as e:
            errors.append({"expression": expr, "message": str(e)})
    return errors


def extract_vars(text):
    results = [_regex_ctx_var_parser.findall(expr.strip("{{}}").strip()) for expr in _regex_parser.findall(text)]
    refs = sorted(set(v.strip() for r in results for v in r))
    names = []
    for ref in refs:
        for rx in _regex_var_extracts:
            m = re.search(rx, ref)
            name = m.group(1) if m else ""
            if name:
                names.append(name)
    return sorted(set(names))


def to_plain(v):
    """Results leave the engine in the plain JSON model: tuples, ranges and dict views become lists,
    Jinja's (lenient) Undefined becomes null, anything else non-JSON becomes its str()."""
    if isinstance(v, jinja2.Undefined):
        return None
    if isinstance(v, (range, type({}.keys()), type({}.values()), type({}.items()))):
        return [to_plain(x) for x in v]
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, tuple):
        return [to_plain(x) for x in v]
    if isinstance(v, list):
        return [to_plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): to_plain(x) for k, x in v.items()}
    return str(v)


def workflow_globals(case):
    wf = case.get("workflow") or {}
    g = {}
    if "current_task" in wf:
        g["__current_task"] = wf["current_task"]
    if "item" in wf:
        g["__current_item"] = wf["item"]
        g["__has_item"] = True
    g["__tasks"] = wf.get("tasks") or {}
    g["__task_statuses"] = wf.get("task_statuses") or {}
    g["__kv"] = case.get("kv") or {}
    return g


def run(case, contexts):
    data = contexts[case["context"]] if "context" in case else {}
    try:
        if case["mode"] == "evaluate":
            value = evaluate(case["text"], data, workflow_globals(case), data if isinstance(data, dict) else {})
        else:
            render_ctx = dict(data)
            if case.get("kv") is not None:
                kv = case["kv"]
                render_ctx.setdefault("st2kv", {"system": KeyValueLookup(kv, "system"), "user": KeyValueLookup(kv, "user")})
            value = ENV.from_string(case["text"]).render(render_ctx)
        case["expected"] = to_plain(value)
    except JinjaEvaluationException as e:
        msg = str(e)
        m = re.match(r"Unable to evaluate expression '(.*)'\. (\w+): (.*)$", msg, re.S)
        case["error"] = {"type": m.group(2) if m else "JinjaEvaluationException", "message": m.group(3) if m else msg}
    except Exception as e:
        case["error"] = {"type": e.__class__.__name__, "message": str(e)}
    return case


def corpus_strings():
    found = {}
    for base in ['st2-packs', 'conformance/orquesta']:
        root_dir = os.path.join(SHARED, base)
        for root, dirs, files in sorted(os.walk(root_dir)):
            dirs.sort()
            for f in sorted(files):
                if not f.endswith(('.yaml', '.yml')):
                    continue
                p = os.path.join(root, f)
                try:
                    docs = list(yaml.safe_load_all(open(p, encoding='utf-8')))
                except Exception:
                    continue
                def walk(v):
                    if isinstance(v, dict):
                        for k, x in v.items():
                            walk(k)
                            walk(x)
                    elif isinstance(v, list):
                        for x in v:
                            walk(x)
                    elif isinstance(v, str) and ('{{' in v or '{%' in v):
                        found.setdefault(v, os.path.relpath(p, SHARED))
                for d in docs:
                    walk(d)
    return found


def main():
    from cases import CONTEXTS, CASES, CORPUS_WORKFLOW, CORPUS_KV
    out = []
    seen = set()
    for i, c in enumerate(CASES):
        case = dict(c)
        case.setdefault("context", "default")
        key = (case["mode"], case["text"], case["context"], json.dumps(case.get("workflow"), sort_keys=True))
        if key in seen:
            continue
        seen.add(key)
        case["id"] = "%s-%03d" % (case["mode"], i)
        out.append(run(case, CONTEXTS))
    for j, (text, source) in enumerate(corpus_strings().items()):
        # Orquesta workflows evaluate; chains, rules, actions and aliases render (st2's render_values).
        in_workflow = '/workflows/' in source or source.startswith('conformance/')
        case = {"mode": "evaluate" if in_workflow else "render", "text": text, "context": "corpus",
                "source": source, "kv": CORPUS_KV}
        if in_workflow:
            case["workflow"] = CORPUS_WORKFLOW
        case["id"] = "corpus-%03d" % j
        out.append(run(case, CONTEXTS))
    analysis = []
    seen_texts = set()
    for case in out:
        text = case["text"]
        if text in seen_texts:
            continue
        seen_texts.add(text)
        analysis.append({"text": text, "valid": not validate(text), "ctx_vars": extract_vars(text)})
    for text in ["{{ ctx().a }} {{ ctx('b') }} {{ ctx(\"c\") }} {{ ctx(d) }}", "{{ ctx().x + ctx().y + ctx().z }}",
                 "{{ ctx().a.b.c }}", "{{ ctx('a').b }}", "{{ ctx().keys() }}", "{% if ctx().hidden %}x{% endif %}",
                 "{{ ctx()['a.b'] }}", "{{ ctx().a1 }}{{ ctx().a1 }}", "{{ notctx().a }}", "{{ ctx( 'a' ) }}"]:
        analysis.append({"text": text, "valid": not validate(text), "ctx_vars": extract_vars(text)})
    with open(os.path.join(HERE, 'jinja_analysis.json'), 'w', encoding='utf-8') as f:
        json.dump(analysis, f, indent=1, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(HERE, 'jinja_cases.json'), 'w', encoding='utf-8') as f:
        # Key order matters (Python dicts keep insertion order), so keys are not sorted.
        json.dump({"contexts": CONTEXTS, "cases": out}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    errors = sum(1 for c in out if "error" in c)
    print("%d cases (%d errors)" % (len(out), errors))


if __name__ == '__main__':
    main()
