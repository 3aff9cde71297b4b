"""Loads StackStorm's own action-alias code (st2common/models/utils/action_alias_utils.py,
st2common/util/actionalias_matching.py, st2common/util/actionalias_helpstring.py) out of a git
checkout, with the database, logging and key-value services replaced by small stand-ins, so that
golden values come from the real implementation. Used by generate_alias_golden.py; CI never runs it.

The one stand-in with behaviour is ActionAlias.query (MongoDB in st2). get_matching_alias asks for
enabled aliases with `formats__match_multiple` None/False (first pass) or True (second pass); on a
list of formats that is "some format is not match_multiple: true" and "some format is
match_multiple: true". The stand-in answers exactly that, in the order the aliases were given.
"""
import os
import subprocess
import sys
import tempfile
import types

ST2_FILES = [
    "st2common/st2common/models/utils/action_alias_utils.py",
    "st2common/st2common/util/actionalias_matching.py",
    "st2common/st2common/util/actionalias_helpstring.py",
    "st2common/st2common/exceptions/content.py",
    "st2common/st2common/exceptions/actionalias.py",
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


class Alias(object):
    """What the alias code reads from an ActionAliasDB."""

    def __init__(self, ref, formats, enabled=True, description=None, immutable_parameters=None):
        self.ref = ref
        self.pack, self.name = ref.split(".", 1)
        self.formats = formats
        self.enabled = enabled
        self.description = description
        self.immutable_parameters = immutable_parameters or {}

    def get_format_strings(self):
        result = []
        for format_string in self.formats:
            if isinstance(format_string, dict) and format_string.get("representation", None):
                result.extend(format_string["representation"])
            else:
                result.append(format_string)
        return result


class _Store(object):
    aliases = []


def _multiple(fmt):
    return isinstance(fmt, dict) and fmt.get("match_multiple") is True


def _query(enabled=True, formats__match_multiple=None, **kwargs):
    if "_first_pass" in kwargs:
        pick = lambda a: any(not _multiple(f) for f in a.formats)
    else:
        pick = lambda a: any(_multiple(f) for f in a.formats)
    return [a for a in _Store.aliases if a.enabled == enabled and pick(a)]


class _Q(object):
    def __init__(self, **kwargs):
        pass

    def __or__(self, other):
        return self


class ActionAlias(object):
    @staticmethod
    def query(*args, **kwargs):
        if args:
            kwargs["_first_pass"] = True
        return _query(**kwargs)


def load(st2_git_dir):
    root = tempfile.mkdtemp(prefix="st2aliasharness")
    for path in ST2_FILES:
        target = os.path.join(root, path.split("/", 1)[1])
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w") as handle:
            handle.write(_git_show(st2_git_dir, path))
    for pkg in ["st2common", "st2common/util", "st2common/models", "st2common/models/utils", "st2common/exceptions"]:
        init = os.path.join(root, pkg, "__init__.py")
        if pkg == "st2common/exceptions":
            with open(init, "w") as handle:
                handle.write("class StackStormBaseException(Exception):\n    pass\n")
        else:
            open(init, "a").close()
    sys.path.insert(0, root)

    import jinja2

    def render_values(mapping=None, context=None, allow_undefined=False):
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
        return {k: env.from_string(v).render(context or {}) if isinstance(v, str) else v for k, v in mapping.items()}

    _module("st2common.log", getLogger=lambda *a, **k: _Log())
    _module("st2common.util.jinja", render_values=render_values)
    _module("st2common.constants")
    _module("st2common.constants.keyvalue", DATASTORE_PARENT_SCOPE="st2kv", SYSTEM_SCOPE="system", USER_SCOPE="user",
            FULL_SYSTEM_SCOPE="st2kv.system", FULL_USER_SCOPE="st2kv.user")
    _module("st2common.services")
    _module("st2common.services.keyvalues", KeyValueLookup=lambda **k: None, UserKeyValueLookup=lambda **k: None)
    _module("st2common.persistence")
    _module("st2common.persistence.actionalias", ActionAlias=ActionAlias)
    _module("mongoengine")
    _module("mongoengine.queryset")
    _module("mongoengine.queryset.visitor", Q=_Q)

    from st2common.models.utils import action_alias_utils
    from st2common.util import actionalias_matching
    from st2common.util import actionalias_helpstring
    from st2common.exceptions.content import ParseException
    from st2common.exceptions.actionalias import ActionAliasAmbiguityException

    return types.SimpleNamespace(utils=action_alias_utils, matching=actionalias_matching,
                                 helpstring=actionalias_helpstring, ParseException=ParseException,
                                 AmbiguityException=ActionAliasAmbiguityException, store=_Store)
