"""``python -m sflow_worker.requirements FILE``: which lines of a pack's requirements.txt this interpreter does not
already satisfy (installed in the virtual environment or visible from the system's site packages).

Prints one JSON object: {"unmet": [line, ...], "satisfied": [line, ...]}. A line that cannot be checked (a URL, an
option such as -e or -r, a requirement that does not parse) counts as unmet, so pip decides about it.
"""

import json
import sys

try:
    from packaging.requirements import InvalidRequirement, Requirement
except ImportError:  # Debian's pip carries its own copy of packaging
    try:
        from pip._vendor.packaging.requirements import InvalidRequirement, Requirement
    except ImportError:
        Requirement = None
        InvalidRequirement = ValueError

from importlib import metadata


def requirement_lines(text):
    for raw in text.splitlines():
        line = raw.split(" #", 1)[0].strip()
        if line.startswith("#"):
            continue
        if line:
            yield line


def is_satisfied(line):
    if Requirement is None or line.startswith("-") or "://" in line:
        return False
    try:
        requirement = Requirement(line)
    except InvalidRequirement:
        return False
    if requirement.marker is not None and not requirement.marker.evaluate():
        return True  # not needed on this interpreter
    if requirement.url:
        return False
    try:
        version = metadata.version(requirement.name)
    except metadata.PackageNotFoundError:
        return False
    return requirement.specifier.contains(version, prereleases=True)


def check(text):
    unmet, satisfied = [], []
    for line in requirement_lines(text):
        (satisfied if is_satisfied(line) else unmet).append(line)
    return {"unmet": unmet, "satisfied": satisfied}


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: python -m sflow_worker.requirements REQUIREMENTS_FILE\n")
        return 2
    with open(argv[1], "r", encoding="utf-8") as f:
        text = f.read()
    sys.stdout.write(json.dumps(check(text)) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
