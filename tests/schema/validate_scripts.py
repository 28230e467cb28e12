"""Validates the shipped files of one kind against the JSON Schema `parley schema --kind KIND` prints.

Usage: validate_scripts.py PARLEY_BINARY SCRIPTS_DIR [script|policies|test]
Every shipped file of the kind (scripts: *.yaml but policies.yaml and *.test.yaml) must be valid; a bad
example of the kind must be rejected with the problems the loader would report (an unknown key, a wrong
value), so the check can fail.
"""
import json
import pathlib
import subprocess
import sys

import jsonschema
import yaml

parley, scripts = sys.argv[1], pathlib.Path(sys.argv[2])
kind = sys.argv[3] if len(sys.argv) > 3 else "script"

schema = json.loads(subprocess.run([parley, "schema", "--kind", kind], check=True, capture_output=True, text=True).stdout)
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)


def of_kind(path):
    if path.name == "policies.yaml":
        return "policies"
    if path.name.endswith(".test.yaml"):
        return "test"
    return "script"


# Each kind's bad example, and a word of each problem the schema must find in it.
bad_examples = {
    "script": ({"script": "x", "version": 1, "start": "a",
                "nodes": {"a": {"end": "finished"}, "b": {"ask": "Q?", "slto": "s", "next": "a"}}},
               ["finished", "slto"]),
    "policies": ({"version": 1, "policies": {"honor_cancelation": True, "max_attempts": "three",
                                             "escalate_on_request": {"then": "escalation.handoff", "than": "x"}}},
                 ["honor_cancelation", "three", "than"]),
    "test": ({"tests": [{"name": "x", "script": "a",
                         "turns": [{"reply": "yes", "expect": {"outcome": "finished", "promt": "q",
                                                               "offers": {"discount": 1}}}]}]},
             ["finished", "promt", "discount"]),
}

checked = 0
for path in sorted(scripts.rglob("*.yaml")):
    if of_kind(path) != kind:
        continue
    errors = list(validator.iter_errors(yaml.safe_load(path.read_text())))
    for e in errors:
        print(f"{path}: {'/'.join(map(str, e.path))}: {e.message}")
    if errors:
        sys.exit(1)
    checked += 1

bad, expected = bad_examples[kind]
problems = sorted(str(e.message) for e in validator.iter_errors(bad))
missed = [word for word in expected if not any(word in p for p in problems)]
if missed:
    print(f"the {kind} schema accepted what the loader rejects ({missed}):", problems)
    sys.exit(1)

if checked == 0:
    print(f"no {kind} files found in", scripts)
    sys.exit(1)
print(f"{checked} {kind} files valid against the schema; the bad example was rejected ({len(problems)} problems)")
