"""Entry point: ``python -m sflow_worker``. Speaks the protocol on its stdin/stdout until the host closes them."""

import os
import sys
import threading
import traceback

if sys.path and sys.path[0] in ("", os.getcwd()):
    # -m puts the working directory first on the path; pack code must not import from wherever the host runs.
    sys.path.pop(0)

from sflow_worker import PROTOCOL_VERSION  # noqa: E402
from sflow_worker.actions import run_action  # noqa: E402
from sflow_worker.channel import Channel, ChannelClosed  # noqa: E402
from sflow_worker.loader import PluginLoadError  # noqa: E402
from sflow_worker.sensors import SensorHost  # noqa: E402


def _error(kind, message, detail=None):
    error = {"kind": kind, "message": message}
    if detail:
        error["detail"] = detail
    return error


class Worker(object):
    def __init__(self, channel):
        self.channel = channel
        self.sensor = None
        self.sensor_lock = threading.Lock()

    def serve(self):
        self.channel.send({
            "op": "ready",
            "protocol": PROTOCOL_VERSION,
            "pid": os.getpid(),
            "python": "%d.%d.%d" % sys.version_info[:3],
            "executable": sys.executable,
            "prefix": sys.prefix,
        })
        while True:
            message = self.channel.commands.get()
            if message is None:
                return 0
            if self.handle(message) == "run_sensor":
                return self.run_sensor()

    def handle(self, message):
        op = message.get("op")
        request_id = message.get("id")
        try:
            if op == "run_action":
                self.channel.answer(request_id, run_action(self.channel, message))
            elif op == "sensor_start":
                return self.start_sensor(message)
            elif op == "sensor_poll":
                self.poll_sensor(request_id)
            elif op == "sensor_trigger":
                self.sensor.trigger_event(message["event"], message.get("trigger") or {})
                self.channel.answer(request_id, True)
            elif op == "shutdown":
                self.stop()
            else:
                self.channel.answer(request_id, error=_error("protocol", "unknown op %r" % (op,)))
        except ChannelClosed:
            raise
        except Exception as e:
            self.channel.answer(request_id, error=_error("exception", "%s: %s" % (type(e).__name__, e), traceback.format_exc()))
        return None

    def start_sensor(self, message):
        try:
            self.sensor = SensorHost(self.channel, message)
            self.sensor.instance.setup()
        except PluginLoadError as e:
            self.channel.answer(message.get("id"), error=_error("load", str(e), traceback.format_exc()))
            return None
        except Exception as e:
            self.channel.answer(message.get("id"), error=_error(
                "setup", 'Sensor %s: setup() raised %s: %s' % (message.get("sensor"), type(e).__name__, e), traceback.format_exc()))
            return None
        self.channel.answer(message.get("id"), {"polling": self.sensor.polling})
        return "run_sensor" if message.get("mode") == "run" else None

    def poll_sensor(self, request_id):
        if self.sensor is None or not self.sensor.polling:
            self.channel.answer(request_id, error=_error("protocol", "no polling sensor was started in this worker"))
            return
        try:
            with self.sensor_lock:
                self.sensor.instance.poll()
        except Exception as e:
            self.channel.answer(request_id, error=_error(
                "poll", "Sensor %s: poll() raised %s: %s" % (self.sensor.ref, type(e).__name__, e), traceback.format_exc()))
            return
        self.channel.answer(request_id, True)

    def run_sensor(self):
        """sflow serve: run() on this (main) thread for as long as the sensor runs; commands go on a helper thread."""
        threading.Thread(target=self._sensor_commands, name="sflow-sensor-commands", daemon=True).start()
        try:
            self.sensor.instance.run()
        except Exception as e:
            sys.stderr.write('Sensor "%s" run method raised an exception: %s: %s.\n' % (self.sensor.ref, type(e).__name__, e))
            traceback.print_exc()
            self._cleanup()
            return 1
        sys.stderr.write('Sensor "%s" run method returned; the sensor stopped.\n' % (self.sensor.ref,))
        self._cleanup()
        return 0

    def _sensor_commands(self):
        while True:
            message = self.channel.commands.get()
            if message is None:
                self.stop()
                return
            self.handle(message)

    def _cleanup(self):
        if self.sensor is not None:
            try:
                self.sensor.instance.cleanup()
            except Exception:
                traceback.print_exc()

    def stop(self):
        self._cleanup()
        sys.stderr.flush()
        os._exit(0)


def main():
    channel = Channel.take_standard_streams()
    channel.start()
    try:
        code = Worker(channel).serve()
    except ChannelClosed:
        code = 0
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    main()
