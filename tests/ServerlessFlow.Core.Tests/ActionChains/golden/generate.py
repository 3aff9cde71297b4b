#!/usr/bin/env python3
"""Golden results for the ActionChain engine, from StackStorm's own ActionChain runner.

Runs the real ``action_chain_runner.py`` of st2 (and st2's real ``models/system/actionchain.py``,
``util/jinja.py``, ``util/isotime.py``, ``models/utils/action_param_utils.py``, ``util/casts.py``,
``services/keyvalues.py`` lookups, ``constants/*`` and Jinja filter modules), read from the st2
mirror at a fixed commit, with st2's database and scheduler replaced by the fakes below, exactly as
st2's own unit tests (contrib/runners/action_chain_runner/tests/unit/test_actionchain.py) replace
``action_service.request`` with canned executions. Jinja is the real Jinja2 (Debian's python3-jinja2).

Each case in cases.yaml gives a chain, the actions it may call (runner and parameter schemas), the
chain's parameters, key-value pairs, the outcome of every action the chain requests, in order, and
optionally when an operator pauses, resumes or cancels. The output, golden.json, records for each case
the actions requested with their rendered and cast parameters and every status the chain reports with
its result (ids and timestamps replaced by "<id>" / "<time>").

Run once with Debian's Python (python3-jinja2, python3-jsonschema, python3-yaml, python3-six,
python3-dateutil, python3-jsonpath-rw, python3-eventlet), from this folder:

    /usr/bin/python3 generate.py [path to the st2 mirror's git dir]

CI only reads golden.json.
"""

import copy
import datetime
import json
import os
import subprocess
import sys
import tempfile
import types

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
ST2_GIT = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror/StackStorm+st2/repo"
ST2_COMMIT = "c2eaf56b339bdb8184b5c2161714bce50eee4534"

REAL_FILES = {
    "action_chain_runner/__init__.py": None,
    "action_chain_runner/action_chain_runner.py": "contrib/runners/action_chain_runner/action_chain_runner/action_chain_runner.py",
    "st2common/models/system/actionchain.py": "st2common/st2common/models/system/actionchain.py",
    "st2common/models/system/keyvalue.py": "st2common/st2common/models/system/keyvalue.py",
    "st2common/util/jinja.py": "st2common/st2common/util/jinja.py",
    "st2common/util/isotime.py": "st2common/st2common/util/isotime.py",
    "st2common/util/casts.py": "st2common/st2common/util/casts.py",
    "st2common/models/utils/action_param_utils.py": "st2common/st2common/models/utils/action_param_utils.py",
    "st2common/services/keyvalues.py": "st2common/st2common/services/keyvalues.py",
    "st2common/constants/action.py": "st2common/st2common/constants/action.py",
    "st2common/constants/keyvalue.py": "st2common/st2common/constants/keyvalue.py",
    "st2common/constants/pack.py": "st2common/st2common/constants/pack.py",
    "st2common/constants/meta.py": "st2common/st2common/constants/meta.py",
    "st2common/expressions/functions/data.py": "st2common/st2common/expressions/functions/data.py",
    "st2common/expressions/functions/regex.py": "st2common/st2common/expressions/functions/regex.py",
    "st2common/expressions/functions/time.py": "st2common/st2common/expressions/functions/time.py",
    "st2common/expressions/functions/path.py": "st2common/st2common/expressions/functions/path.py",
}

# The st2 schema validator (util/schema/__init__.py: CustomValidator) without the parts that need st2's files.
SCHEMA_STUB = '''
import jsonschema
from jsonschema.validators import Draft3Validator, Draft4Validator, create

# st2's custom meta schema is draft 4 with draft 3's boolean "required".
_META = __import__("copy").deepcopy(Draft4Validator.META_SCHEMA)
_META["properties"]["required"] = {}
_META["id"] = "urn:st2:custom-draft-04"

CustomValidator = create(
    meta_schema=_META,
    validators={
        "$ref": Draft4Validator.VALIDATORS["$ref"],
        "additionalItems": Draft4Validator.VALIDATORS["additionalItems"],
        "additionalProperties": Draft4Validator.VALIDATORS["additionalProperties"],
        "allOf": Draft4Validator.VALIDATORS["allOf"],
        "anyOf": Draft4Validator.VALIDATORS["anyOf"],
        "dependencies": Draft4Validator.VALIDATORS["dependencies"],
        "enum": Draft4Validator.VALIDATORS["enum"],
        "format": Draft4Validator.VALIDATORS["format"],
        "items": Draft4Validator.VALIDATORS["items"],
        "maxItems": Draft4Validator.VALIDATORS["maxItems"],
        "maxLength": Draft4Validator.VALIDATORS["maxLength"],
        "maxProperties": Draft4Validator.VALIDATORS["maxProperties"],
        "maximum": Draft4Validator.VALIDATORS["maximum"],
        "minItems": Draft4Validator.VALIDATORS["minItems"],
        "minLength": Draft4Validator.VALIDATORS["minLength"],
        "maxProperties": Draft4Validator.VALIDATORS["maxProperties"],
        "minimum": Draft4Validator.VALIDATORS["minimum"],
        "multipleOf": Draft4Validator.VALIDATORS["multipleOf"],
        "not": Draft4Validator.VALIDATORS["not"],
        "oneOf": Draft4Validator.VALIDATORS["oneOf"],
        "pattern": Draft4Validator.VALIDATORS["pattern"],
        "patternProperties": Draft4Validator.VALIDATORS["patternProperties"],
        "properties": Draft3Validator.VALIDATORS["properties"],
        "type": Draft4Validator.VALIDATORS["type"],
        "uniqueItems": Draft4Validator.VALIDATORS["uniqueItems"],
    },
    type_checker=Draft4Validator.TYPE_CHECKER,
)

def validate(instance, schema, cls=None, use_default=True, allow_default_none=False, *args, **kwargs):
    instance = __import__("copy").deepcopy(instance)
    jsonschema.validate(instance=instance, schema=schema, cls=cls, *args, **kwargs)
    return instance
'''

STUBS = {
    "st2common/__init__.py": "",
    "st2common/log.py": "import logging\ndef getLogger(name):\n    return logging.getLogger(name)\n",
    "st2common/runners/__init__.py": "",
    "st2common/runners/base.py": '''
class ActionRunner(object):
    def __init__(self, runner_id):
        self.runner_id = runner_id
        self.runner_parameters = {}
        self.context = {}
    def pre_run(self):
        pass
def get_metadata(name):
    return [{}]
''',
    "st2common/content/__init__.py": "",
    "st2common/content/loader.py": '''
import yaml
class MetaLoader(object):
    def load(self, file_path, expected_type=None):
        with open(file_path) as f:
            value = yaml.safe_load(f)
        if expected_type and not isinstance(value, expected_type):
            raise ValueError("Expected %s, got %s" % (expected_type, type(value)))
        return value
''',
    "st2common/exceptions/__init__.py": "class StackStormBaseException(Exception):\n    pass\n",
    "st2common/exceptions/action.py": '''
from st2common.exceptions import StackStormBaseException
class ParameterRenderingFailedException(StackStormBaseException):
    pass
class InvalidActionReferencedException(StackStormBaseException):
    pass
''',
    "st2common/exceptions/actionrunner.py": '''
from st2common.exceptions import StackStormBaseException
class ActionRunnerException(StackStormBaseException):
    pass
class ActionRunnerPreRunError(ActionRunnerException):
    pass
''',
    "st2common/exceptions/db.py": "class StackStormDBObjectNotFoundError(Exception):\n    pass\n",
    "st2common/exceptions/keyvalue.py": "class InvalidScopeException(Exception):\n    pass\nclass InvalidUserException(Exception):\n    pass\n",
    "st2common/constants/__init__.py": "",
    "st2common/constants/types.py": "class ResourceType(object):\n    KEY_VALUE_PAIR = 'key_value_pair'\n",
    "st2common/models/__init__.py": "",
    "st2common/models/api/__init__.py": "",
    "st2common/models/api/notification.py": '''
NotificationSubSchemaAPI = {"type": "object"}
class NotificationsHelper(object):
    @staticmethod
    def to_model(notify):
        return notify
''',
    "st2common/models/db/__init__.py": "",
    "st2common/models/db/auth.py": "class UserDB(object):\n    def __init__(self, name=None):\n        self.name = name\n",
    "st2common/models/db/liveaction.py": '''
class LiveActionDB(object):
    def __init__(self, action=None, parameters=None, context=None):
        self.id = None
        self.action = action
        self.parameters = parameters or {}
        self.context = context or {}
        self.notify = None
        self.status = None
        self.result = None
        self.end_timestamp = None
''',
    "st2common/models/system/__init__.py": "",
    "st2common/models/utils/__init__.py": "",
    "st2common/persistence/__init__.py": "",
    "st2common/persistence/execution.py": "from fakes import ActionExecution\n",
    "st2common/persistence/liveaction.py": "from fakes import LiveAction\n",
    "st2common/persistence/keyvalue.py": "from fakes import KeyValuePair\n",
    "st2common/persistence/rbac.py": "UserRoleAssignment = Role = PermissionGrant = None\n",
    "st2common/rbac/__init__.py": "",
    "st2common/rbac/backends.py": '''
class _Utils(object):
    @staticmethod
    def assert_user_has_resource_db_permission(**kwargs):
        pass
class _Backend(object):
    def get_utils_class(self):
        return _Utils
def get_rbac_backend():
    return _Backend()
''',
    "st2common/rbac/types.py": "class PermissionType(object):\n    KEY_VALUE_PAIR_VIEW = 'key_value_pair_view'\n",
    "st2common/services/__init__.py": "",
    "st2common/services/action.py": "from fakes import request, request_resume, update_status, is_action_canceled_or_canceling, is_action_paused_or_pausing, request_cancellation, request_pause\n",
    "st2common/util/__init__.py": "",
    "st2common/util/schema/__init__.py": SCHEMA_STUB,
    "st2common/util/action_db.py": "from fakes import get_action_by_ref, get_runnertype_by_name, get_liveaction_by_id\n",
    "st2common/util/param.py": "from fakes import render_final_params\n",
    "st2common/util/config_loader.py": "from fakes import get_config\n",
    "st2common/util/deep_copy.py": "import copy\ndef fast_deepcopy_dict(value, fall_back_to_deepcopy=True):\n    return copy.deepcopy(value)\n",
    "st2common/util/date.py": '''
import datetime
import dateutil.parser
import dateutil.tz
from fakes import get_datetime_utc_now
def parse(value, preserve_original_tz=False):
    dt = dateutil.parser.parse(str(value))
    if not dt.tzinfo:
        dt = dt.replace(tzinfo=dateutil.tz.tzutc())
    return dt if preserve_original_tz else dt.astimezone(dateutil.tz.tzutc())
''',
    "st2common/util/compat.py": "def to_unicode(value):\n    return value if isinstance(value, str) else str(value)\n",
    "st2common/util/jsonify.py": '''
import json
def json_encode(obj, indent=None, sort_keys=False):
    # st2's default library is orjson: compact, UTF-8.
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False, sort_keys=sort_keys)
def json_decode(data):
    return json.loads(data)
def try_loads(s):
    return s
''',
    "st2common/util/db.py": "def mongodb_to_python_types(value):\n    return value\n",
    "st2common/expressions/__init__.py": "",
    "st2common/expressions/functions/__init__.py": "",
    "st2common/expressions/functions/datastore.py": "def decrypt_kv(value):\n    raise NotImplementedError('decrypt_kv is not used by the golden cases')\n",
    "st2common/expressions/functions/version.py": "".join(
        "def %s(*args):\n    raise NotImplementedError('semver is not installed; version filters are not used by the golden cases')\n" % n
        for n in ["version_compare", "version_more_than", "version_less_than", "version_equal", "version_match",
                  "version_bump_major", "version_bump_minor", "version_bump_patch", "version_strip_patch"]),
    "orjson.py": "import json\ndef loads(s):\n    return json.loads(s)\ndef dumps(v, **kwargs):\n    return json.dumps(v, separators=(',', ':')).encode('utf-8')\n",
    "oslo_config/__init__.py": "",
    "oslo_config/cfg.py": '''
class _Section(object):
    user = "stanley"
class _Conf(object):
    system_user = _Section()
CONF = _Conf()
''',
}

# The fake database and scheduler, driven by the case being run.
FAKES = r'''
import copy
import datetime
import itertools

import dateutil.tz

class State(object):
    case = None
    clock = None
    liveactions = {}
    executions = {}
    requests = []
    outcomes = []
    kv = {}
    control = {}
    completed = 0
    chain_status = None

_ids = itertools.count(1)

def reset(case):
    State.case = case
    State.clock = datetime.datetime(2026, 1, 1, tzinfo=dateutil.tz.tzutc())
    State.liveactions = {}
    State.executions = {}
    State.requests = []
    State.outcomes = list(case.get("outcomes", []))
    State.kv = dict(case.get("kv", {}))
    State.control = dict(case.get("control", {}))
    State.completed = 0
    State.chain_status = "running"

def get_datetime_utc_now():
    State.clock = State.clock + datetime.timedelta(seconds=1)
    return State.clock

class _Runner(object):
    def __init__(self, runner):
        self.runner_parameters = runner.get("parameters", {})

class _Action(object):
    def __init__(self, ref, spec):
        self.ref = ref
        self.pack, self.name = ref.split(".", 1)
        self.parameters = spec.get("parameters", {})
        self.runner_type = {"name": spec.get("runner", "local-shell-cmd")}

def get_action_by_ref(ref):
    spec = State.case.get("actions", {}).get(ref)
    return _Action(ref, spec) if spec is not None else None

def get_runnertype_by_name(name):
    return _Runner(State.case.get("runners", {}).get(name, {}))

def get_liveaction_by_id(liveaction_id):
    return State.liveactions[str(liveaction_id)]

def get_config(pack, user):
    return copy.deepcopy(State.case.get("config", {}))

def render_final_params(runner_parameters, action_parameters, params, context):
    return State.case.get("runner_parameters", {}), State.case.get("parameters", {})

class ActionExecution(object):
    @staticmethod
    def get(**kwargs):
        if "liveaction__id" in kwargs:
            return State.executions.get(kwargs["liveaction__id"])
        return None

class LiveAction(object):
    @staticmethod
    def get(id=None, **kwargs):
        return State.liveactions[str(id)]

class _Kvp(object):
    def __init__(self, value):
        self.value = value

class KeyValuePair(object):
    @staticmethod
    def get_by_scope_and_name(scope, name):
        key = name if scope == "st2kv.system" else "user:" + name
        return _Kvp(State.kv[key]) if key in State.kv else None

class _Execution(object):
    def __init__(self, id):
        self.id = id

def request(liveaction):
    n = len(State.requests)
    State.requests.append({"ref": liveaction.action, "parameters": copy.deepcopy(liveaction.parameters)})
    outcome = State.outcomes.pop(0) if State.outcomes else {"status": "succeeded", "result": {}}
    if outcome.get("raise"):
        raise RuntimeError(outcome["raise"])
    liveaction.id = "la%d" % next(_ids)
    liveaction.status = outcome["status"]
    liveaction.result = copy.deepcopy(outcome.get("result"))
    liveaction.end_timestamp = get_datetime_utc_now()
    State.liveactions[liveaction.id] = liveaction
    State.executions[liveaction.id] = _Execution("ex" + liveaction.id[2:])
    State.completed += 1
    # An operator's request made while this action ran.
    if State.control.get("cancel_during") == n + 1:
        State.chain_status = "canceling"
    if State.control.get("pause_during") == n + 1:
        State.chain_status = "pausing"
    return liveaction, None

def request_resume(liveaction, user):
    raise RuntimeError("resuming a paused task is not part of the golden cases")

def request_cancellation(liveaction, user):
    raise RuntimeError("not used")

def request_pause(liveaction, user):
    raise RuntimeError("not used")

def update_status(liveaction, status, publish=True, **kwargs):
    liveaction.status = status
    return liveaction

def is_action_canceled_or_canceling(liveaction_id):
    return State.chain_status in ("canceled", "canceling")

def is_action_paused_or_pausing(liveaction_id):
    return State.chain_status in ("paused", "pausing")
'''


def git_show(path):
    return subprocess.check_output(["git", "-C", ST2_GIT, "show", "%s:%s" % (ST2_COMMIT, path)]).decode("utf-8")


def build_tree(root):
    files = dict(STUBS)
    for target, source in REAL_FILES.items():
        files[target] = "" if source is None else git_show(source)
    files["fakes.py"] = FAKES
    for path, text in files.items():
        full = os.path.join(root, path)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        with open(full, "w") as f:
            f.write(text)
    # Every package folder needs an __init__.py.
    for folder, _, names in os.walk(root):
        if folder != root and "__init__.py" not in names:
            open(os.path.join(folder, "__init__.py"), "w").close()


def normalize(value):
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if k in ("execution_id", "liveaction_id") and v not in (None, "None"):
                out[k] = "<id>"
            elif k == "liveaction_id" and v == "None":
                # st2 prints the id of a live action that was never created as the string "None".
                out[k] = None
            elif k in ("created_at", "updated_at") and v is not None:
                out[k] = "<time>"
            elif k == "traceback":
                continue
            elif isinstance(v, str) and " object at 0x" in v:
                # ast's messages name objects by memory address.
                out[k] = __import__("re").sub(r" object at 0x[0-9a-f]+", " object", v)
            else:
                out[k] = normalize(v)
        return out
    if isinstance(value, list):
        return [normalize(v) for v in value]
    return value


def run_case(case, acr, fakes, LiveActionDB):
    fakes.reset(case)
    stages = []
    chain_file = tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False)
    chain_file.write(case["chain"])
    chain_file.close()
    ref = case.get("ref", "wolfpack.chain")

    def new_runner():
        runner = acr.get_runner()
        runner.entry_point = chain_file.name
        runner.action = fakes.get_action_by_ref(ref) or fakes._Action(ref, {"runner": "action-chain"})
        runner.action_name = ref.split(".", 1)[1]
        runner.execution_id = "chain-execution"
        runner.liveaction_id = "chain-liveaction"
        runner.runner_parameters = dict(case.get("runner_parameters", {}))
        runner.context = {"user": "stanley"}
        runner.runner_type = fakes._Runner({})
        return runner

    liveaction = LiveActionDB(action=ref, parameters=case.get("parameters", {}), context={"user": "stanley", "pack": ref.split(".")[0]})
    liveaction.id = "chain-liveaction"
    fakes.State.liveactions["chain-liveaction"] = liveaction
    runner = new_runner()
    runner.liveaction = liveaction

    def finish(status, result, context):
        liveaction.status = status
        liveaction.result = result
        if context is not None:
            liveaction.context = context
        fakes.State.chain_status = status
        stages.append({"status": status, "result": normalize(copy.deepcopy(result))})

    def guarded(call):
        # st2's runner container: an exception out of pre_run / run fails the execution with its message.
        try:
            return call()
        except Exception as e:
            return ("failed", {"error": str(e).split("\n")[0] if "Failed validating" in str(e) else str(e)}, None)

    status, result, context = guarded(lambda: (runner.pre_run(), runner.run(copy.deepcopy(case.get("parameters", {}))))[1])
    finish(status, result, context)
    for step in case.get("after", []):
        if "answer" in step or "result" in step:
            # An inquiry answered (its live action succeeds with the response, or with the given result, as
            # test_chain_pause_resume_status_change sets it), then the chain is resumed, as inquiry.respond does.
            last = liveaction.result["tasks"][-1]
            pending = fakes.State.liveactions[last["liveaction_id"]]
            pending.status = step.get("status", "succeeded")
            pending.result = step["result"] if "result" in step else dict(pending.result or {}, response=step["answer"])
        if step.get("resume") or "answer" in step or "result" in step:
            fakes.State.control = dict(step.get("control", {}))
            fakes.State.chain_status = "running"
            resumed = new_runner()
            resumed.liveaction = liveaction
            status, result, context = guarded(lambda: resumed.resume())
            finish(status, result, context)
    os.unlink(chain_file.name)
    return {"requests": fakes.State.requests, "stages": stages}


def main():
    with open(os.path.join(HERE, "cases.yaml")) as f:
        cases = yaml.safe_load(f)
    root = tempfile.mkdtemp(prefix="st2-actionchain-")
    build_tree(root)
    sys.path.insert(0, root)
    import fakes
    from action_chain_runner import action_chain_runner as acr
    from st2common.models.db.liveaction import LiveActionDB

    golden = {
        "source": "StackStorm st2 %s, contrib/runners/action_chain_runner (generated by generate.py)" % ST2_COMMIT,
        "cases": {},
    }
    for case in cases:
        golden["cases"][case["name"]] = run_case(case, acr, fakes, LiveActionDB)
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(golden, f, indent=1, sort_keys=False, ensure_ascii=False)
        f.write("\n")
    print("%d cases" % len(golden["cases"]))


if __name__ == "__main__":
    main()
