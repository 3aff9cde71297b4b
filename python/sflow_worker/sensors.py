"""Hosts one StackStorm sensor (st2reactor's sensor wrapper): its sensor_service, run() or one poll() at a time."""

import logging
import sys

from sflow_worker.datastore import DatastoreService
from sflow_worker.loader import PluginLoadError, load_module, sensor_class
from st2reactor.sensor.base import PollingSensor, Sensor

__all__ = ["SensorHost", "SensorService"]


def _logger(name):
    logger = logging.getLogger(name)
    if not logging.getLogger().handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.getLogger().addHandler(handler)
        logging.getLogger().setLevel(logging.INFO)
    return logger


class SensorService(object):
    """What a sensor gets as sensor_service: dispatch() into the host's trigger bus, a logger, the datastore."""

    def __init__(self, channel, pack, class_name):
        self._channel = channel
        self._logger = _logger("SensorWrapper.%s.%s" % (pack, class_name))
        self._datastore_service = DatastoreService(channel, self._logger, pack, class_name)

    @property
    def datastore_service(self):
        return self._datastore_service

    def get_logger(self, name):
        logger = logging.getLogger("%s.%s" % (self._logger.name, name))
        logger.propagate = True
        return logger

    def get_user_info(self):
        return self._datastore_service.get_user_info()

    def dispatch(self, trigger, payload=None, trace_tag=None):
        """Sends a trigger instance to the host, which validates the payload against the trigger type. As in
        StackStorm, an invalid payload is logged and not dispatched; the sensor carries on."""
        ref = _trigger_ref(trigger)
        try:
            self._channel.request("dispatch", trigger=ref, payload=payload if payload is not None else {}, trace_tag=trace_tag)
        except Exception as e:
            self._logger.warning('Trigger "%s" was not dispatched: %s', ref, e)
        return None

    def dispatch_with_context(self, trigger, payload=None, trace_context=None):
        trace_tag = getattr(trace_context, "trace_tag", None)
        if trace_tag is None and isinstance(trace_context, dict):
            trace_tag = trace_context.get("trace_tag")
        return self.dispatch(trigger, payload=payload, trace_tag=trace_tag)

    def list_values(self, local=True, prefix=None, limit=None, offset=None):
        return self._datastore_service.list_values(local=local, prefix=prefix, limit=limit, offset=offset)

    def get_value(self, name, local=True, scope="system", decrypt=False):
        return self._datastore_service.get_value(name=name, local=local, scope=scope, decrypt=decrypt)

    def set_value(self, name, value, ttl=None, local=True, scope="system", encrypt=False):
        return self._datastore_service.set_value(name=name, value=value, ttl=ttl, local=local, scope=scope, encrypt=encrypt)

    def delete_value(self, name, local=True, scope="system"):
        return self._datastore_service.delete_value(name=name, local=local, scope=scope)


def _trigger_ref(trigger):
    if isinstance(trigger, dict):
        if trigger.get("ref"):
            return trigger["ref"]
        return "%s.%s" % (trigger.get("pack"), trigger.get("name"))
    return str(trigger)


class SensorHost(object):
    """Loads and builds the sensor; the worker then calls run() (sflow serve) or poll() per request (Azure timers)."""

    def __init__(self, channel, request):
        self.ref = request.get("sensor") or request["class_name"]
        self.file_path = request["file"]
        self.class_name = request["class_name"]
        pack = request.get("pack") or self.ref.split(".")[0]
        module = load_module(self.file_path, "Sensor")
        klass = sensor_class(module, Sensor, self.file_path, self.class_name)
        kwargs = {"sensor_service": SensorService(channel, pack, self.class_name), "config": request.get("config") or {}}
        poll_interval = request.get("poll_interval")
        if poll_interval and issubclass(klass, PollingSensor):
            kwargs["poll_interval"] = poll_interval
        try:
            self.instance = klass(**kwargs)
        except Exception as e:
            raise PluginLoadError('Failed to instantiate "%s" sensor class from "%s": %s: %s' % (self.class_name, self.file_path, type(e).__name__, e))
        self.polling = isinstance(self.instance, PollingSensor)

    def trigger_event(self, event, trigger):
        method = {"add": "add_trigger", "update": "update_trigger", "remove": "remove_trigger"}[event]
        getattr(self.instance, method)(trigger=trigger)
