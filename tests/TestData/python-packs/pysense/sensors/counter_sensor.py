from st2reactor.sensor.base import PollingSensor


class CounterSensor(PollingSensor):
    def setup(self):
        self.logger = self.sensor_service.get_logger(__name__)

    def poll(self):
        count = int(self.sensor_service.get_value("count") or 0) + 1
        self.sensor_service.set_value("count", count)
        if count == 1:
            # Not an integer: the host refuses it, names the sensor, and the sensor carries on.
            self.sensor_service.dispatch("pysense.counted", {"count": "one"})
            # No pack declares this trigger type: refused too.
            self.sensor_service.dispatch("pysense.nobody_declares_this", {"count": count})
        self.sensor_service.dispatch("pysense.counted", {"count": count}, trace_tag="counter-%d" % count)
        self.logger.info("poll %d dispatched", count)

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
