import time

import yaml
from helpers import double
from shared import GREETING

from st2common.runners.base_action import Action


class Modes(Action):
    def run(self, mode, value=None):
        if mode == "value":
            print(GREETING)
            return {"doubled": double(value), "yaml": yaml.safe_load("a: [1, 2]")}
        if mode == "ok_tuple":
            return (True, value)
        if mode == "failed_tuple":
            return (False, value)
        if mode == "raise":
            raise RuntimeError("failed on purpose: %s" % (value,))
        if mode == "loop":
            while True:
                time.sleep(0.05)
        if mode == "config":
            return {"host": self.config["host"], "token": self.config["token"], "retries": self.config["retries"]}
        if mode == "datastore":
            seen = self.action_service.get_value("runs")
            self.action_service.set_value("runs", int(seen or 0) + 1)
            self.action_service.set_value("shared_key", "v", local=False, ttl=60)
            return {"seen": seen, "global": self.action_service.get_value("pytests_token", local=False),
                    "keys": [kvp.name for kvp in self.action_service.list_values()]}
        if mode == "not_json":
            return {"items": {1, 2, 3}}
        raise ValueError("unknown mode %s" % (mode,))
