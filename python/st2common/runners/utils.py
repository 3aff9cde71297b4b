"""Pack-facing helpers of st2common.runners.utils: the pack config dictionary and the action logger."""

import logging
import sys

__all__ = ["PackConfigDict", "get_logger_for_python_runner_action", "get_action_class_instance"]

CONFIG_MISSING_ITEM_ERROR = """
Config for pack "%s" is missing key "%s".
Make sure that the config file exists (configs/%s.yaml in the configs folder given to sflow) and contains that key.
""".strip()

LOGGERS = {}


class PackConfigDict(dict):
    """A pack config that says which key is missing, and where to put it, instead of a bare KeyError."""

    def __init__(self, pack_name, *args):
        super(PackConfigDict, self).__init__(*args)
        self._pack_name = pack_name

    def __getitem__(self, key):
        try:
            return super(PackConfigDict, self).__getitem__(key)
        except KeyError:
            raise ValueError(CONFIG_MISSING_ITEM_ERROR % (self._pack_name, key, self._pack_name))


def get_logger_for_python_runner_action(action_name, log_level="debug"):
    """A logger writing messages at log_level and above to stderr, as StackStorm's python runner sets it up."""
    logger_name = "actions.python.%s" % (action_name,)
    level = getattr(logging, str(log_level).upper(), None)
    if not isinstance(level, int):
        level = logging.DEBUG if str(log_level).upper() != "AUDIT" else 5
    logger = logging.getLogger(logger_name)
    handler = LOGGERS.get(logger_name)
    if handler is None or handler not in logger.handlers:
        # The handler writes to whatever sys.stderr is at each call, which the worker points at the run's capture.
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(name)-12s: %(levelname)-8s %(message)s"))
        logger.addHandler(handler)
        LOGGERS[logger_name] = handler
    handler.setLevel(level)
    logger.setLevel(level)
    return logger


class _StderrHandler(logging.StreamHandler):
    def __init__(self):
        super(_StderrHandler, self).__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


def get_action_class_instance(action_cls, config=None, action_service=None):
    """Builds the action with config and action_service, falling back to late assignment for old constructors."""
    try:
        return action_cls(config=config, action_service=action_service)
    except TypeError as e:
        if "unexpected keyword argument 'action_service'" not in str(e):
            raise
        instance = action_cls(config=config)
        instance.action_service = action_service
        return instance
