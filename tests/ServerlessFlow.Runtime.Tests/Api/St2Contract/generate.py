#!/usr/bin/env python3
"""Writes st2-openapi-definitions.json (the `definitions` of st2common/st2common/openapi.yaml, as JSON) and
st2-api-models.json: the JSON schema of each StackStorm API model class (st2common/models/api/*.py, the
x-api-model classes st2's openapi.yaml names) as st2 declares it, for the contract tests. Run once against a StackStorm/st2
checkout (a bare mirror works): python3 generate.py /path/to/st2/repo [commit]. CI only reads the output.

Only the literal parts of each `schema = {...}` are kept; a value computed by a call or a name (such as
util_schema.get_draft_schema()) becomes {} (any value), so the output never claims more than st2's source says."""
import ast
import json
import subprocess
import sys

repo = sys.argv[1]
commit = sys.argv[2] if len(sys.argv) > 2 else "HEAD"
MODULES = ["action", "execution", "inquiry", "keyvalue", "pack", "policy", "rule", "rule_enforcement", "sensor", "trace",
           "trigger", "webhook"]


def show(path):
    return subprocess.run(["git", "-C", repo, "show", f"{commit}:{path}"], check=True, capture_output=True, text=True).stdout


def literal(node, names):
    if isinstance(node, ast.Dict):
        out = {}
        for k, v in zip(node.keys, node.values):
            if k is None:  # **spread: merge a known literal, else nothing can be said
                spread = literal(v, names)
                if isinstance(spread, dict):
                    out.update(spread)
                continue
            out[literal(k, names)] = literal(v, names)
        return out
    if isinstance(node, (ast.List, ast.Tuple)):
        return [literal(e, names) for e in node.elts]
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in names:
        return names[node.id]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "deepcopy" and node.args:
        return literal(node.args[0], names)
    return {}


models = {}
for module in MODULES:
    path = f"st2common/st2common/models/api/{module}.py"
    tree = ast.parse(show(path))
    names = {}
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
            names[stmt.targets[0].id] = literal(stmt.value, names)
        if isinstance(stmt, ast.ClassDef):
            for item in stmt.body:
                if (isinstance(item, ast.Assign) and len(item.targets) == 1 and isinstance(item.targets[0], ast.Name)
                        and item.targets[0].id == "schema"):
                    models[stmt.name] = {"module": path, "schema": literal(item.value, names)}

head = subprocess.run(["git", "-C", repo, "rev-parse", commit], check=True, capture_output=True, text=True).stdout.strip()
with open("st2-api-models.json", "w") as f:
    json.dump({"source": f"StackStorm/st2 {head} (Apache-2.0)", "models": models}, f, indent=1, sort_keys=True)
    f.write("\n")
import yaml  # Debian's python3-yaml
definitions = yaml.safe_load(show("st2common/st2common/openapi.yaml"))["definitions"]
with open("st2-openapi-definitions.json", "w") as f:
    json.dump({"source": f"StackStorm/st2 {head} st2common/st2common/openapi.yaml (Apache-2.0)", "definitions": definitions}, f, indent=1, sort_keys=True)
    f.write("\n")
print(f"{len(models)} models, {len(definitions)} OpenAPI definitions from {head}")
