"""Loads plugin classes from pack files with StackStorm's rules (st2common.util.loader)."""

import importlib.util
import inspect
import os
import sys

__all__ = ["PluginLoadError", "load_module", "action_class", "sensor_class"]


class PluginLoadError(Exception):
    """A pack file could not be loaded, or has no suitable class; the message names the file."""


def load_module(file_path, what):
    """Runs the file as a fresh module (never cached: each load sees the file as it is now)."""
    if not os.path.isfile(file_path):
        raise PluginLoadError('%s file "%s" does not exist.' % (what, file_path))
    plugin_dir = os.path.dirname(os.path.realpath(file_path))
    if plugin_dir not in sys.path and plugin_dir + os.sep not in sys.path:
        sys.path.append(plugin_dir)
    module_name = os.path.splitext(os.path.basename(file_path))[0]
    spec = importlib.util.spec_from_file_location(module_name, file_path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except BaseException as e:  # a SystemExit or KeyboardInterrupt at import is a load failure too
        raise PluginLoadError(
            'Failed to load %s class from file "%s" (%s file most likely doesn\'t exist or contains invalid syntax): %s: %s'
            % (what.lower(), file_path, what.lower(), type(e).__name__, e)
        ) from e
    return module


def _implements(base, klass):
    names = set()
    for name, member in inspect.getmembers(klass, inspect.isfunction):
        if not getattr(member, "__isabstractmethod__", False):
            names.add(name)
    return all(method in names for method in base.__abstractmethods__)


def action_class(module, base, file_path):
    """StackStorm's choice: the classes defined in the module, by name, that implement the base's abstract methods; the first."""
    classes = [
        klass
        for _, klass in inspect.getmembers(module, inspect.isclass)
        if klass.__module__ == module.__name__ and _implements(base, klass)
    ]
    if not classes:
        raise PluginLoadError(
            'Found no classes in plugin file "%s" matching requirements (a class with a run() method, '
            "such as a subclass of st2common.runners.base_action.Action)." % (file_path,)
        )
    return classes[0]


def sensor_class(module, base, file_path, class_name):
    klass = getattr(module, class_name, None)
    if klass is None or not inspect.isclass(klass):
        raise PluginLoadError('Sensor file "%s" doesn\'t expose class named "%s".' % (file_path, class_name))
    missing = [m for m in base.__abstractmethods__ if m not in {n for n, f in inspect.getmembers(klass, inspect.isfunction) if not getattr(f, "__isabstractmethod__", False)}]
    if missing:
        raise PluginLoadError(
            'Class "%s" in "%s" doesn\'t implement required "%s" method from the base class.' % (class_name, file_path, missing[0])
        )
    return klass
