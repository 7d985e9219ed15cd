"""The dependency policy of policy/README.md, checked against `cargo tree` output.

    python3 scripts/deps_policy.py duplicates < cargo-tree-duplicates.txt
    python3 scripts/deps_policy.py licences < cargo-tree-licences.txt

scripts/deps-policy.sh runs cargo and feeds this; the input formats are the `--format` strings
used there (`{p}` and `{p}|{l}`). Exits 1 with one line per violation.
"""

import re
import sys
from fnmatch import fnmatchcase
from pathlib import Path

POLICY = Path(__file__).resolve().parent.parent / "policy"
# `name vX.Y.Z` at the start of a cargo tree line, ignoring the `(path)`, `(proc-macro)`, `(*)` tails.
PACKAGE = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+) v(?P<version>\d+\.\d+\.\d+\S*)(?P<rest>.*)$")


def entries(name):
    """The non-blank lines of a policy file, comments removed."""
    for line in (POLICY / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line


def compat(version):
    """The semver-compatibility group of a version: 0.10.3 -> 0.10, 2.0.1 -> 2, 0.0.4 -> 0.0.4."""
    major, minor, patch = (re.match(r"\d+", part).group() for part in version.split(".")[:3])
    if major != "0":
        return major
    return f"0.{minor}" if minor != "0" else f"0.0.{patch}"


def duplicates(lines):
    heavy = list(entries("heavy-crates.txt"))
    allowed = {}
    for line in entries("duplicates-allowed.txt"):
        name, *versions = line.split()
        allowed[name] = set(versions)

    groups = {}
    for line in lines:
        found = PACKAGE.match(line.strip())
        if found and "(/" not in found["rest"]:  # workspace members are not dependencies
            groups.setdefault(found["name"], set()).add(compat(found["version"]))

    problems, used = [], set()
    for name, versions in sorted(groups.items()):
        if len(versions) < 2 or not any(fnmatchcase(name, pattern) for pattern in heavy):
            continue
        if versions <= allowed.get(name, set()):
            used.add(name)
            continue
        problems.append(
            f"{name}: {len(versions)} versions ({', '.join(sorted(versions))}) of a heavy crate; share one version, "
            f"or add `{name} {' '.join(sorted(versions))}  # why` to policy/duplicates-allowed.txt"
        )
    for name in sorted(set(allowed) - used):
        present = ", ".join(sorted(groups.get(name, ())))
        now = f"the tree has {name} {present}" if present else f"{name} is no longer in the tree"
        print(f"note: policy/duplicates-allowed.txt lists {name} {' '.join(sorted(allowed[name]))}, "
              f"but {now}: remove the entry")
    others = sorted(name for name, versions in groups.items() if len(versions) > 1 and name not in allowed
                    and not any(fnmatchcase(name, pattern) for pattern in heavy))
    print(f"duplicates: {len(used)} allowed, {len(others)} light ones not checked ({', '.join(others) or 'none'})")
    return problems


def parse_spdx(text):
    """Tokens of an SPDX expression; the legacy `MIT/Apache-2.0` form reads as OR."""
    text = text.replace("/", " OR ")
    return re.findall(r"\(|\)|[A-Za-z0-9.+-]+(?:\s+WITH\s+[A-Za-z0-9.+-]+)?", text)


def satisfied(tokens, allowed):
    """Whether an SPDX expression (AND binds tighter than OR) can be met with allowed licences."""
    position = 0

    def expression():
        nonlocal position
        result = term()
        while position < len(tokens) and tokens[position] == "OR":
            position += 1
            result = term() or result
        return result

    def term():
        nonlocal position
        result = atom()
        while position < len(tokens) and tokens[position] == "AND":
            position += 1
            result = atom() and result
        return result

    def atom():
        nonlocal position
        token = tokens[position]
        position += 1
        if token == "(":
            result = expression()
            position += 1  # ")"
            return result
        return re.sub(r"\s+", " ", token) in allowed

    result = expression()
    if position != len(tokens):
        raise ValueError("unbalanced expression")
    return result


def licences(lines):
    allowed = set(entries("licenses-allowed.txt"))
    reviewed = {}
    for line in entries("licenses-reviewed.txt"):
        name, group, licence = line.split(maxsplit=2)
        reviewed[(name, group)] = licence.strip()

    problems, seen = [], set()
    for line in lines:
        package, _, licence = line.strip().partition("|")
        found = PACKAGE.match(package.strip())
        if not found or "(/" in found["rest"]:  # blank lines, workspace members (UNLICENSED)
            continue
        key = (found["name"], found["version"])
        if key in seen:
            continue
        seen.add(key)
        licence = licence.replace("(*)", "").strip() or reviewed.get((found["name"], compat(found["version"])), "")
        try:
            ok = bool(licence) and satisfied(parse_spdx(licence), allowed)
        except (IndexError, ValueError):
            ok = False
        if not licence:
            problems.append(f"{found['name']} {found['version']}: no licence expression; read its licence file "
                            "and list it in policy/licenses-reviewed.txt")
        elif not ok:
            problems.append(f"{found['name']} {found['version']}: licence `{licence}` is not allowed by "
                            "policy/licenses-allowed.txt")
    print(f"licences: {len(seen)} packages checked")
    return problems


def main():
    check = {"duplicates": duplicates, "licences": licences}[sys.argv[1]]
    problems = check(sys.stdin.read().splitlines())
    for problem in problems:
        print(f"deps-policy: {problem}")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
