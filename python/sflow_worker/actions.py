"""Runs one StackStorm Python action the way StackStorm's python runner and action wrapper do, inside a warm worker."""

import logging
import os
import sys
import traceback

from sflow_worker.capture import Capture
from sflow_worker.datastore import DatastoreService
from sflow_worker.loader import PluginLoadError, action_class, load_module
from sflow_worker.results import NotJsonError, to_plain
from st2common.runners.base_action import Action
from st2common.runners.utils import get_action_class_instance, get_logger_for_python_runner_action

__all__ = ["ActionService", "run_action"]

INVALID_STATUS_EXIT_CODE = 220
INVALID_STATUS_ERROR_MESSAGE = """
If this is an existing action which returns a tuple with two items, it needs to be updated to
either:

1. Return a list instead of a tuple
2. Return a tuple where a first items is a status flag - (True, ('item1', 'item2'))
""".strip()
DEFAULT_CAPTURE_LIMIT = 1024 * 1024
_WORKER_DIR = os.path.dirname(os.path.abspath(__file__))


class _ActionWrapper(object):
    """What StackStorm's Action base class and ActionService read from their wrapper (pack, class name, log level)."""

    def __init__(self, pack, log_level):
        self._pack = pack
        self._log_level = log_level
        self._class_name = None


class ActionService(object):
    """The action_service pack code gets: StackStorm's datastore methods, backed by the host's key-value store."""

    def __init__(self, action_wrapper, channel):
        self._action_wrapper = action_wrapper
        self._channel = channel
        self._datastore_service = None

    @property
    def datastore_service(self):
        if self._datastore_service is None:
            wrapper = self._action_wrapper
            logger = get_logger_for_python_runner_action(action_name=wrapper._class_name, log_level=wrapper._log_level)
            self._datastore_service = DatastoreService(self._channel, logger, wrapper._pack, wrapper._class_name)
        return self._datastore_service

    def get_user_info(self):
        return self.datastore_service.get_user_info()

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self.datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        return self.datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        return self.datastore_service.set_value(name=name, value=value, ttl=ttl, local=local, scope=scope, encrypt=encrypt)

    def delete_value(self, name, local=True, scope="system"):
        return self.datastore_service.delete_value(name=name, local=local, scope=scope)


def run_action(channel, request):
    """Runs the action a run_action request names; returns the answer value (never raises for pack errors)."""
    action_ref = request.get("action") or "?"
    file_path = request["file"]
    limit = int(request.get("capture_limit") or DEFAULT_CAPTURE_LIMIT)
    outcome = {"status": None, "result": None, "exit_code": 0, "error": None}
    saved_env = dict(os.environ)
    saved_cwd = os.getcwd()
    saved_path = list(sys.path)
    saved_handlers = _logging_handlers()
    capture = Capture(limit)
    with capture:
        try:
            _apply_env(request.get("env") or {}, request)
            _run(channel, request, outcome)
        except SystemExit as e:
            # sys.exit() inside an action ends StackStorm's wrapper process with that code.
            code = e.code
            if code is None:
                outcome["exit_code"] = 0
            elif isinstance(code, int):
                outcome["exit_code"] = code
            else:
                sys.stderr.write("%s\n" % (code,))
                outcome["exit_code"] = 1
            outcome["result"] = "None"
        except _LoadFailure as e:
            sys.stderr.write(e.detail)
            outcome.update(exit_code=1, result="None", error="Action %s: %s" % (action_ref, e.message))
        except BaseException:
            _write_traceback()
            outcome.update(exit_code=1, result="None")
        finally:
            _restore(saved_env, saved_cwd, saved_path)
            _restore_logging(saved_handlers)
    return {
        "status": outcome["status"],
        "result": outcome["result"],
        "exit_code": outcome["exit_code"],
        "stdout": capture.stdout,
        "stderr": capture.stderr,
        "error": outcome["error"],
    }


class _LoadFailure(Exception):
    def __init__(self, message, detail):
        super(_LoadFailure, self).__init__(message)
        self.message = message
        self.detail = detail


def _run(channel, request, outcome):
    wrapper = _ActionWrapper(request.get("pack") or request.get("action", "unknown").split(".")[0], request.get("log_level") or "DEBUG")
    file_path = request["file"]
    try:
        module = load_module(file_path, "Action")
        klass = action_class(module, Action, file_path)
    except PluginLoadError as e:
        raise _LoadFailure(str(e), _format_exception(e.__cause__ or e))
    wrapper._class_name = klass.__name__
    service = ActionService(wrapper, channel)
    try:
        instance = get_action_class_instance(klass, config=request.get("config") or {}, action_service=service)
    except Exception as e:
        raise _LoadFailure(
            'Failed to instantiate action class "%s" from "%s": %s: %s' % (klass.__name__, file_path, type(e).__name__, e),
            _format_exception(e),
        )

    output = instance.run(**(request.get("parameters") or {}))
    if isinstance(output, tuple) and len(output) == 2:
        status, result = output
    else:
        status, result = None, output

    if status is not None and not isinstance(status, bool):
        sys.stderr.write("Status returned from the action run() method must either be True or False, got: %s\n" % (status,))
        sys.stderr.write(INVALID_STATUS_ERROR_MESSAGE)
        outcome.update(exit_code=INVALID_STATUS_EXIT_CODE, result="None", error=(
            "Action %s returned a status that is neither True nor False: %r" % (request.get("action"), status)))
        return

    try:
        outcome["result"] = to_plain(result)
    except NotJsonError as e:
        outcome.update(exit_code=1, result="None", error=(
            'Action %s (file "%s") returned a result that is not JSON: %s' % (request.get("action"), file_path, e)))
        sys.stderr.write("Result is not JSON: %s\n" % (e,))
        return
    outcome["status"] = status


def _apply_env(env, request):
    for key, value in env.items():
        if key.lower() == "pythonpath":
            continue  # StackStorm ignores a PYTHONPATH given in env: it would break the sandbox.
        os.environ[str(key)] = value if isinstance(value, str) else str(value)
    for key, value in (request.get("st2_env") or {}).items():
        os.environ[key] = value


def _restore(env, cwd, path):
    os.environ.clear()
    os.environ.update(env)
    try:
        os.chdir(cwd)
    except OSError:
        pass
    sys.path[:] = path


def _logging_handlers():
    loggers = {"": logging.getLogger()}
    loggers.update({name: lg for name, lg in logging.Logger.manager.loggerDict.items() if isinstance(lg, logging.Logger)})
    return {name: list(lg.handlers) for name, lg in loggers.items()}


def _restore_logging(saved):
    """Removes the handlers a run added to any logger. StackStorm runs each action in a new process, so a handler an
    action adds to a module-level logger lives for one run; in a warm worker it would pile up run after run."""
    loggers = {"": logging.getLogger()}
    loggers.update({name: lg for name, lg in logging.Logger.manager.loggerDict.items() if isinstance(lg, logging.Logger)})
    for name, lg in loggers.items():
        keep = saved.get(name, [])
        for handler in list(lg.handlers):
            if handler not in keep:
                lg.removeHandler(handler)
                try:
                    handler.close()
                except Exception:
                    pass


def _format_exception(e):
    return "".join(traceback.TracebackException.from_exception(e).format()).rstrip("\n") + "\n"


def _write_traceback():
    """The traceback of the exception being handled, without the worker's own frames."""
    etype, value, tb = sys.exc_info()
    while tb is not None and os.path.dirname(os.path.abspath(tb.tb_frame.f_code.co_filename)) == _WORKER_DIR:
        tb = tb.tb_next
    sys.stderr.write("".join(traceback.format_exception(etype, value, tb)))
