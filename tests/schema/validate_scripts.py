"""Validates every shipped script against the JSON Schema printed by `parley schema`.

Usage: validate_scripts.py PARLEY_BINARY SCRIPTS_DIR
Also checks that the schema rejects what the loader rejects (an unknown key, a wrong outcome),
so the check can fail.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml

parley, scripts = sys.argv[1], pathlib.Path(sys.argv[2])
schema = json.loads(subprocess.run([parley, "schema"], check=True, capture_output=True, text=True).stdout)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

checked = 0
for path in sorted(scripts.rglob("*.yaml")):
    if path.name == "policies.yaml" or path.name.endswith(".test.yaml"):
        continue
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    if errors:
        sys.exit(1)
    checked += 1

bad = {
    "script": "x", "version": 1, "start": "a",
    "nodes": {"a": {"end": "finished"}, "b": {"ask": "Q?", "slto": "s", "next": "a"}},
}
problems = sorted(e.message for e in validator.iter_errors(bad))
if not any("finished" in p for p in problems) or not any("slto" in p for p in problems):
    print("the schema accepted a script the loader rejects:", problems)
    sys.exit(1)

if checked == 0:
    print("no scripts found in", scripts)
    sys.exit(1)
print(f"{checked} scripts valid against the schema; the bad example was rejected ({len(problems)} problems)")
