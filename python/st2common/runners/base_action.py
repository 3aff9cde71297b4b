"""StackStorm's base class for Python actions (st2common.runners.base_action.Action)."""

import abc

from st2common.runners.utils import PackConfigDict, get_logger_for_python_runner_action

__all__ = ["Action"]


class Action(object, metaclass=abc.ABCMeta):
    """Base action class other Python actions should inherit from."""

    description = None

    def __init__(self, config=None, action_service=None):
        self.config = config or {}
        self.action_service = action_service
        wrapper = getattr(action_service, "_action_wrapper", None) if action_service else None
        log_level = getattr(wrapper, "_log_level", "debug") if wrapper else "debug"
        pack_name = getattr(wrapper, "_pack", "unknown") if wrapper else "unknown"
        self.config = PackConfigDict(pack_name, self.config)
        self.logger = get_logger_for_python_runner_action(action_name=self.__class__.__name__, log_level=log_level)

    @abc.abstractmethod
    def run(self, **kwargs):
        pass
