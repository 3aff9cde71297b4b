"""A minimal host for the tests: starts the worker and plays the .NET side of the protocol."""

import json
import os
import subprocess
import sys

PYTHON_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")


class TestHost(object):
    def __init__(self, env=None):
        environment = dict(os.environ)
        environment["PYTHONPATH"] = PYTHON_DIR
        environment.update(env or {})
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "sflow_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment, cwd=FIXTURES)
        self.keys = {}
        self.dispatched = []
        self.ready = self.read()
        self.next_id = 0

    def read(self):
        line = self.process.stdout.readline()
        if not line:
            raise EOFError("worker closed its output; stderr: %s" % self.process.stderr.read().decode())
        return json.loads(line)

    def send(self, message):
        self.process.stdin.write((json.dumps(message) + "\n").encode())
        self.process.stdin.flush()

    def call(self, op, **fields):
        self.next_id += 1
        request_id = "h%d" % self.next_id
        fields.update(op=op, id=request_id)
        self.send(fields)
        while True:
            message = self.read()
            if message["op"] == "result" and message["id"] == request_id:
                return message
            self.serve(message)

    def serve(self, message):
        op = message["op"]
        value = None
        error = None
        if op == "datastore_get":
            entry = self.keys.get(message["name"])
            value = None if entry is None else (entry["value"] if not entry["secret"] or message["decrypt"] else "enc:" + entry["value"])
        elif op == "datastore_set":
            self.keys[message["name"]] = {"value": message["value"], "secret": message["secret"], "ttl": message["ttl"]}
        elif op == "datastore_delete":
            value = self.keys.pop(message["name"], None) is not None
        elif op == "datastore_list":
            value = [{"name": k, "value": v["value"], "secret": v["secret"]} for k, v in sorted(self.keys.items()) if k.startswith(message["prefix"])]
        elif op == "dispatch":
            if message["trigger"] == "tests.invalid":
                error = {"kind": "invalid_payload", "message": "payload is invalid"}
            else:
                self.dispatched.append(message)
        else:
            error = {"kind": "protocol", "message": "unexpected " + op}
        answer = {"op": "result", "id": message["id"], "value": value}
        if error:
            answer["error"] = error
        self.send(answer)

    def run_action(self, file_name, parameters=None, **fields):
        fields.setdefault("action", "tests." + file_name)
        return self.call("run_action", file=os.path.join(FIXTURES, "actions", file_name + ".py"), pack="tests",
                         parameters=parameters or {}, **fields)

    def close(self):
        if not self.process.stdin.closed:
            self.process.stdin.close()
        if self.process.poll() is None:
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process.stdout.close()
        self.process.stderr.close()
