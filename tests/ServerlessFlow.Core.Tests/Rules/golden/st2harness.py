"""Loads StackStorm's own rule-matching code (st2common operators, payload lookup, templating,
st2reactor RuleFilter, param utils, casts) out of a git checkout, with the database, logging and
C-accelerated dependencies replaced by small stand-ins, so that golden values come from the real
implementation. Used by the generate_*.py scripts next to this file; CI never runs it.

Usage: generators call load(st2_git_dir, jsonpath_rw_git_dir, now) and get a namespace back.
The st2 commit used is recorded in every golden file.
"""
import datetime
import json
import os
import subprocess
import sys
import tempfile
import types

ST2_FILES = [
    "st2common/st2common/operators.py",
    "st2common/st2common/util/payload.py",
    "st2common/st2common/util/templating.py",
    "st2common/st2common/util/jinja.py",
    "st2common/st2common/util/date.py",
    "st2common/st2common/util/compat.py",
    "st2common/st2common/util/casts.py",
    "st2common/st2common/util/param.py",
    "st2common/st2common/constants/rules.py",
    "st2common/st2common/constants/keyvalue.py",
    "st2common/st2common/constants/rule_enforcement.py",
    "st2reactor/st2reactor/rules/filter.py",
    "st2reactor/st2reactor/rules/matcher.py",
]


def _git_show(git_dir, path):
    return subprocess.check_output(["git", "--git-dir", git_dir, "show", "HEAD:" + path]).decode("utf-8")


def commit_of(git_dir):
    return subprocess.check_output(["git", "--git-dir", git_dir, "rev-parse", "HEAD"]).decode().strip()


def _module(name, **attrs):
    mod = types.ModuleType(name)
    mod.__dict__.update(attrs)
    sys.modules[name] = mod
    return mod


class _Log(object):
    def __getattr__(self, name):
        return lambda *a, **k: None


class KeyValueStore(object):
    """Stand-in for st2's datastore: a dict per scope."""

    values = {"system": {}, "user": {}}


class _KeyValueLookup(object):
    def __init__(self, prefix=None, key_prefix=None, cache=None, scope="st2kv.system", context=None, user=None):
        self._scope = "user" if scope.endswith("user") else "system"
        self._prefix = key_prefix or ""

    def __getattr__(self, name):
        key = self._prefix + name
        values = KeyValueStore.values[self._scope]
        if key in values:
            return values[key]
        # st2 returns a nested lookup that renders as "" for unknown keys.
        nested = _KeyValueLookup(scope=self._scope)
        nested._prefix = key + "."
        return nested

    def __getitem__(self, name):
        return self.__getattr__(name)

    def __str__(self):
        return ""


def load(st2_git_dir, jsonpath_git_dir, now):
    root = tempfile.mkdtemp(prefix="st2harness")
    for path in ST2_FILES:
        target = os.path.join(root, path.split("/", 1)[1])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as handle:
            handle.write(_git_show(st2_git_dir, path))
    for pkg in ["st2common", "st2common/util", "st2common/constants", "st2reactor", "st2reactor/rules"]:
        open(os.path.join(root, pkg, "__init__.py"), "a").close()
    jp = os.path.join(root, "jsonpath_rw")
    os.makedirs(jp, exist_ok=True)
    for name in ["__init__.py", "jsonpath.py", "lexer.py", "parser.py"]:
        with open(os.path.join(jp, name), "w") as handle:
            handle.write(_git_show(jsonpath_git_dir, "jsonpath_rw/" + name))
    sys.path.insert(0, root)

    # Stand-ins for what needs a database, a logger or a C extension.
    _module("st2common.log", getLogger=lambda *a, **k: _Log())
    _module("ciso8601", parse_datetime=lambda value: (_ for _ in ()).throw(ValueError("use dateutil")))
    _module("st2common.util.jsonify", json_decode=json.loads, json_encode=json.dumps)
    _module("st2common.services")
    _module("st2common.services.keyvalues", KeyValueLookup=_KeyValueLookup, UserKeyValueLookup=_KeyValueLookup)
    records = []

    class RuleEnforcementDB(object):
        def __init__(self, **kwargs):
            self.__dict__.update(kwargs)

    class RuleEnforcement(object):
        @staticmethod
        def add_or_update(db):
            records.append(db)

    _module("st2common.models")
    _module("st2common.models.db")
    _module("st2common.models.db.rule_enforcement", RuleEnforcementDB=RuleEnforcementDB)
    _module("st2common.persistence")
    _module("st2common.persistence.rule_enforcement", RuleEnforcement=RuleEnforcement)
    _module("st2common.expressions")
    fns = _module("st2common.expressions.functions")
    filters = {}
    for name in ["datastore", "data", "regex", "time", "version", "path"]:
        filters[name] = _module("st2common.expressions.functions." + name)
        setattr(fns, name, filters[name])
    data = filters["data"]
    data.to_complex = lambda value: json.dumps(value)
    data.NONE_MAGIC_VALUE = "%*****__%NONE%__*****%"
    for missing in ["from_json_string", "from_yaml_string", "json_escape", "jsonpath_query", "to_json_string",
                    "to_yaml_string", "use_none"]:
        setattr(data, missing, lambda value, *a, **k: value)
    filters["datastore"].decrypt_kv = lambda value: value
    for name in ["regex_match", "regex_replace", "regex_search", "regex_substring"]:
        setattr(filters["regex"], name, lambda *a: None)
    filters["time"].to_human_time_from_seconds = lambda *a: None
    for name in ["version_compare", "version_more_than", "version_less_than", "version_equal", "version_match",
                 "version_bump_major", "version_bump_minor", "version_bump_patch", "version_strip_patch"]:
        setattr(filters["version"], name, lambda *a: None)
    filters["path"].basename = os.path.basename
    filters["path"].dirname = os.path.dirname

    class ParamException(Exception):
        pass

    _module("st2common.exceptions")
    _module("st2common.exceptions.param", ParamException=ParamException)
    _module("st2common.constants.action", ACTION_CONTEXT_KV_PREFIX="action_context")
    _module("st2common.constants.pack", PACK_CONFIG_CONTEXT_KV_PREFIX="config_context")
    conf = types.SimpleNamespace(system_user=types.SimpleNamespace(user="stanley"))
    _module("oslo_config", cfg=types.SimpleNamespace(CONF=conf))
    pack_configs = {}
    _module("st2common.util.config_loader", get_config=lambda pack, user: pack_configs.get(pack, {}))

    import st2common.util.date as date_utils

    date_utils.get_datetime_utc_now = lambda: now

    from st2common import operators
    from st2reactor.rules import filter as rule_filter
    from st2common.util import casts
    from st2reactor.rules import matcher as rule_matcher
    from st2common.util import param as param_utils

    ns = types.SimpleNamespace(operators=operators, filter=rule_filter, matcher=rule_matcher, param=param_utils,
                               pack_configs=pack_configs, ParamException=ParamException, casts=casts, records=records,
                               store=KeyValueStore, date_utils=date_utils)
    return ns


class Rule(object):
    """What RuleFilter reads from a RuleDB."""

    def __init__(self, criteria, ref="golden.rule", enabled=True, rule_type="standard"):
        self.criteria = criteria
        self.ref = ref
        self.id = "rule-id"
        self.uid = "rule:golden:rule"
        self.enabled = enabled
        self.type = {"ref": rule_type}


class TriggerInstance(object):
    def __init__(self, payload, instance_id="instance-1"):
        self.payload = payload
        self.id = instance_id
