"""What the YAQL and Jinja golden generators (yaql/generate.py, jinja/generate.py) share.

* SHARED: the shared folder that holds the corpus both generators harvest (the Orquesta
  conformance cases and the st2 example packs), beside the worktree or at /work/shared.
* Orquesta's errors and the functions whose behaviour is the same under YAQL and Jinja
  (json, zip, ctx), copied from orquesta/expressions/functions/common.py and
  orquesta/exceptions.py so that no Orquesta install is needed.

Each generator adds this folder to sys.path and imports from here; nothing here is run on its own.
"""
import json
import os
from itertools import zip_longest

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "..", "..", "..", "shared"))
if not os.path.isdir(SHARED):
    SHARED = "/work/shared"


class ExpressionEvaluationException(Exception):
    pass


class VariableUndefinedError(Exception):
    def __init__(self, var):
        super().__init__('The variable "%s" is undefined.' % var)


class VariableInaccessibleError(Exception):
    def __init__(self, var):
        super().__init__('The variable "%s" is for internal use and inaccessible.' % var)


def json_(s):
    if isinstance(s, dict):
        return s
    if not isinstance(s, str):
        raise TypeError("Given object is not typeof string.")
    return json.loads(s)


def zip_(*args, **kwargs):
    args = [list() if arg is None else arg for arg in args]
    if len(args) == 1:
        return args[0]
    pad_with = kwargs.pop("pad", None)
    return list(zip_longest(*args, fillvalue=pad_with))


def ctx_(context, key=None):
    if key:
        if key not in context["__vars"]:
            raise VariableUndefinedError(key)
        if key in context["__vars"] and key.startswith("__"):
            raise VariableInaccessibleError(key)
        return context["__vars"][key]
    else:
        return {k: v for k, v in context["__vars"].items() if not k.startswith("__")}
