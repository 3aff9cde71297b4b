import os
import unittest

from tests.host import TestHost


class RunActionTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.host = TestHost()

    @classmethod
    def tearDownClass(cls):
        cls.host.close()

    def run_action(self, file_name, parameters=None, **fields):
        answer = self.host.run_action(file_name, parameters, **fields)
        self.assertNotIn("error", answer, answer)
        return answer["value"]

    def test_ready_says_protocol_and_interpreter(self):
        self.assertEqual(1, self.host.ready["protocol"])
        self.assertTrue(self.host.ready["executable"])

    def test_plain_value_succeeds_with_captured_output(self):
        value = self.run_action("returns", {"mode": "value", "value": {"a": [1, 2.5, None]}})
        self.assertIsNone(value["status"])
        self.assertEqual({"a": [1, 2.5, None]}, value["result"])
        self.assertEqual(0, value["exit_code"])
        self.assertEqual("hello from stdout\n", value["stdout"])
        self.assertIn("actions.python.ReturnAction: INFO     info from the logger", value["stderr"])

    def test_tuples_give_status(self):
        self.assertEqual((True, 5), tuple(self.pick(self.run_action("returns", {"mode": "ok_tuple", "value": 5}), "status", "result")))
        self.assertEqual((False, "no"), tuple(self.pick(self.run_action("returns", {"mode": "failed_tuple", "value": "no"}), "status", "result")))

    def test_invalid_status_fails_with_stackstorm_exit_code(self):
        value = self.run_action("returns", {"mode": "bad_status", "value": 1})
        self.assertEqual(220, value["exit_code"])
        self.assertIn("must either be True or False, got: yes", value["stderr"])
        self.assertIn("neither True nor False", value["error"])

    def test_exception_gives_traceback_without_worker_frames(self):
        value = self.run_action("returns", {"mode": "raise", "value": "x"})
        self.assertEqual(1, value["exit_code"])
        self.assertEqual("None", value["result"])
        self.assertTrue(value["stderr"].startswith("Traceback (most recent call last):"), value["stderr"])
        self.assertIn("ValueError: boom x", value["stderr"])
        self.assertIn("returns.py", value["stderr"])
        self.assertNotIn("sflow_worker", value["stderr"])

    def test_sys_exit_gives_exit_code(self):
        self.assertEqual(3, self.run_action("returns", {"mode": "exit", "value": 3})["exit_code"])
        self.assertEqual(0, self.run_action("returns", {"mode": "exit", "value": None})["exit_code"])

    def test_non_json_result_is_a_clear_error(self):
        value = self.run_action("returns", {"mode": "set"})
        self.assertEqual(1, value["exit_code"])
        self.assertIn("tests.returns", value["error"])
        self.assertIn("returns.py", value["error"])
        self.assertIn("result['bad'] is a set", value["error"])

    def test_dates_and_nan_and_int_keys_follow_orjson(self):
        value = self.run_action("returns", {"mode": "date"})
        self.assertEqual({"when": "2026-01-02", "3": None}, value["result"])

    def test_env_is_applied_for_the_run_only(self):
        value = self.run_action("returns", {"mode": "env"}, env={"MY_VAR": "v", "PYTHONPATH": "nope"})
        self.assertEqual({"mine": "v", "pythonpath_given": False}, value["result"])
        self.assertIsNone(self.run_action("returns", {"mode": "leak"})["result"])

    def test_config_is_a_pack_config_dict(self):
        value = self.run_action("returns", {"mode": "config"}, config={"host": "h1"})
        self.assertEqual("h1", value["result"]["host"])
        self.assertEqual('Config for pack "tests" is missing key "nope".', value["result"]["missing"])

    def test_subprocess_output_is_captured(self):
        self.assertEqual("from a child process\n", self.run_action("returns", {"mode": "subprocess"})["stdout"])

    def test_datastore_calls_reach_the_host_with_local_names(self):
        value = self.run_action("datastore")
        self.assertEqual(["tests.DatastoreAction:counter", "tests.DatastoreAction:token"], value["result"]["listed"])
        self.assertEqual("1", value["result"]["got"])
        self.assertEqual("s3cret", value["result"]["secret"])
        self.assertTrue(value["result"]["deleted"])
        self.assertIsNone(value["result"]["missing"])
        self.assertEqual("g", value["result"]["global"])
        self.assertEqual("Scope user is unsupported.", value["result"]["scope_error"])
        self.assertEqual(30, self.host.keys["global"]["ttl"])
        self.assertTrue(self.host.keys["tests.DatastoreAction:token"]["secret"])

    def test_syntax_error_names_the_file(self):
        value = self.run_action("syntax_error")
        self.assertEqual(1, value["exit_code"])
        self.assertIn("syntax_error.py", value["error"])
        self.assertIn("SyntaxError", value["error"])
        self.assertIn("tests.syntax_error", value["error"])

    def test_missing_class_names_the_file(self):
        value = self.run_action("no_class")
        self.assertIn("Found no classes in plugin file", value["error"])
        self.assertIn("no_class.py", value["error"])

    def test_missing_file_names_it(self):
        value = self.run_action("does_not_exist")
        self.assertIn("does_not_exist.py", value["error"])
        self.assertIn("does not exist", value["error"])

    def test_first_class_by_name_is_the_action(self):
        self.assertEqual("alpha", self.run_action("two_classes")["result"])

    def test_worker_keeps_serving_after_failures(self):
        self.run_action("syntax_error")
        self.run_action("returns", {"mode": "raise", "value": 1})
        self.assertEqual(7, self.run_action("returns", {"mode": "value", "value": 7})["result"])

    @staticmethod
    def pick(value, *names):
        return [value[n] for n in names]


if __name__ == "__main__":
    unittest.main()
