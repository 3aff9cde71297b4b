import os
import unittest

from tests.host import FIXTURES, TestHost


class SensorTests(unittest.TestCase):
    def setUp(self):
        self.host = TestHost()

    def tearDown(self):
        self.host.close()

    def start(self, file_name, class_name, mode, config=None):
        return self.host.call("sensor_start", sensor="tests." + class_name, pack="tests", class_name=class_name,
                              file=os.path.join(FIXTURES, "sensors", file_name + ".py"), poll_interval=1,
                              mode=mode, config=config or {})

    def test_poll_mode_dispatches_and_keeps_state_between_polls(self):
        started = self.start("counter", "CounterSensor", "poll")
        self.assertEqual({"polling": True}, started["value"])
        self.assertNotIn("error", self.host.call("sensor_poll"))
        self.assertNotIn("error", self.host.call("sensor_poll"))
        failed = self.host.call("sensor_poll")
        self.assertIn("third poll fails", failed["error"]["message"])
        self.assertEqual([1, 2, 3], [d["payload"]["count"] for d in self.host.dispatched])
        self.assertEqual([None, "1", "2"], [d["payload"]["last"] for d in self.host.dispatched])
        self.assertEqual("t-2", self.host.dispatched[1]["trace_tag"])
        self.assertEqual("3", self.host.keys["tests.CounterSensor:last"]["value"])

    def test_trigger_events_reach_the_sensor(self):
        self.start("counter", "CounterSensor", "poll")
        self.assertNotIn("error", self.host.call("sensor_trigger", event="add", trigger={"ref": "tests.t1"}))
        self.assertEqual({"trigger": {"ref": "tests.t1"}}, self.host.dispatched[0]["payload"])

    def test_missing_class_is_a_load_error(self):
        answer = self.start("counter", "NoSuchSensor", "poll")
        self.assertEqual("load", answer["error"]["kind"])
        self.assertIn('doesn\'t expose class named "NoSuchSensor"', answer["error"]["message"])

    def test_run_mode_dispatches_then_exits_nonzero_when_run_raises(self):
        self.start("passive", "OnceSensor", "run", config={"crash": True})
        message = self.host.read()
        self.assertEqual("dispatch", message["op"])
        self.assertEqual("tests.once", message["trigger"])
        self.host.serve(message)
        self.assertEqual(1, self.host.process.wait(30))
        self.assertIn("crashed on purpose", self.host.process.stderr.read().decode())

    def test_run_mode_stops_when_the_host_closes_the_stream(self):
        self.start("passive", "OnceSensor", "run")
        self.host.serve(self.host.read())
        self.host.process.stdin.close()
        self.assertEqual(0, self.host.process.wait(30))


if __name__ == "__main__":
    unittest.main()
