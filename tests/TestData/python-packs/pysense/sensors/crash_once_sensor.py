from st2reactor.sensor.base import PollingSensor


class CrashOnceSensor(PollingSensor):
    def setup(self):
        self.reported = False

    def poll(self):
        crashes = self.sensor_service.get_value("crashes")
        if not crashes:
            self.sensor_service.set_value("crashes", "1")
            raise RuntimeError("crashing on purpose, once")
        if not self.reported:
            self.sensor_service.dispatch("pysense.recovered", {"crashes": crashes})
            self.reported = True

    def cleanup(self):
        pass

    def add_trigger(self, trigger):
        pass

    def update_trigger(self, trigger):
        pass

    def remove_trigger(self, trigger):
        pass
