"""Check that the source tree keeps the shape docs/architecture.md describes; print each problem.

Checks, over ``copilot_lint/`` (the engine) and ``rules/`` (installed as ``copilot_lint.rules``):

- import cycles between modules, counting every import (module level, inside functions and
  under ``TYPE_CHECKING``): a cycle broken lazily is still a cycle;
- rule modules that do not define exactly one ``Rule`` subclass;
- ``rules/`` package ``__init__.py`` files holding anything but a docstring and imports;
- how many engine modules import the rules (by import or by module name): exactly one;
- rule modules importing anything but ``copilot_lint.api`` and their family's support modules
  (``rules/<family>/_<name>.py``, which may import the engine up to the ``api`` layer and
  define no rule);
- the public rule API: more than ``API_MAX_NAMES`` names in ``copilot_lint.api.__all__``;
- a module importing from a later layer (``LAYERS``), or an engine module in no layer;
- rule ids in the engine: a string constant (other than a docstring) that is a rule id
  (``rule == "CL001"``), or a ``Rule`` subclass with an ``id`` of its own outside ``rules/``:
  a rule's logic and messages live in its rule.

Line counts are review guidance, not gates: modules over ``ENGINE_MAX_LINES`` (engine) or
``RULE_MAX_LINES`` (rules) are printed as such, and the API names no rule, policy or example
uses, and do not fail the check.

Usage: ``python scripts/check_structure.py [ROOT]``; exit code 1 when there is a problem.
"""
from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ENGINE_MAX_LINES = 400
RULE_MAX_LINES = 250
RULES_PACKAGE = "copilot_lint.rules"
API = "copilot_lint.api"
API_MAX_NAMES = 35
RULE_ID = re.compile(r"\ACL\d{3}\Z")

LAYERS = (
    ("copilot_lint", "copilot_lint.__init__"),
    ("model", "copilot_lint.model"),
    ("load", "copilot_lint.load"),
    ("resolve", "copilot_lint.resolve"),
    ("schema", "copilot_lint.schema"),
    ("query", "copilot_lint.query"),
    ("api", "copilot_lint.api"),
    ("rules", RULES_PACKAGE),
    ("policy", "copilot_lint.policy"),
    ("engine", "copilot_lint.engine"),
    ("cfn", "copilot_lint.cfn"),
    ("lint", "copilot_lint.lint"),
    ("fix", "copilot_lint.fix"),
    ("graph", "copilot_lint.graph"),
    ("report", "copilot_lint.report"),
    ("lsp", "copilot_lint.lsp"),
    ("cli", "copilot_lint.cli"),
    ("main", "copilot_lint.__main__"),
)
"""The layers in the order data flows through them; a module imports only from its own layer or
earlier ones. Each entry: a name and the module (or package) prefix it covers."""


@dataclass
class Module:
    """One source file and what it imports."""

    name: str
    path: Path
    is_rule: bool
    tree: ast.Module
    imports: set[str] = field(default_factory=set)
    names_rules: bool = False
    """True when the module names the rules package in a string (dynamic import)."""


def module_name(root: Path, path: Path) -> tuple[str, bool]:
    """The dotted name ``path`` is imported as, and whether it is under ``rules/``."""
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts)
    is_rule = parts[0] == "rules"
    if is_rule:
        parts = ["copilot_lint", *parts]
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts), is_rule


def collect(root: Path) -> dict[str, Module]:
    """Every module of the engine and the rules, parsed."""
    modules: dict[str, Module] = {}
    for top in ("copilot_lint", "rules"):
        for path in sorted((root / top).rglob("*.py")):
            name, is_rule = module_name(root, path)
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            modules[name] = Module(name, path, is_rule, tree)
    for module in modules.values():
        module.imports = set(imports_of(module, modules))
        module.names_rules = any(
            isinstance(node, ast.Constant) and isinstance(node.value, str)
            and node.value == RULES_PACKAGE
            for node in ast.walk(module.tree))
    return modules


def imports_of(module: Module, modules: dict[str, Module]) -> Iterator[str]:
    """The project modules ``module`` imports anywhere in its body."""
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in modules:
                    yield candidate
                elif base in modules:
                    yield base


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """Strongly connected groups of more than one module (or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(name: str) -> None:
        index[name] = low[name] = len(index)
        stack.append(name)
        on_stack.add(name)
        for target in sorted(modules[name].imports):
            if target not in index:
                visit(target)
                low[name] = min(low[name], low[target])
            elif target in on_stack:
                low[name] = min(low[name], index[target])
        if low[name] == index[name]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == name:
                    break
            if len(group) > 1 or name in modules[name].imports:
                groups.append(sorted(group))

    sys.setrecursionlimit(10_000)
    for name in sorted(modules):
        if name not in index:
            visit(name)
    return groups


def layer_of(name: str) -> int | None:
    """The position of the layer holding module ``name``; ``None`` when it is in none."""
    found = None
    best = -1
    for position, (_, prefix) in enumerate(LAYERS):
        if (name == prefix or name.startswith(prefix + ".")) and len(prefix) > best:
            found, best = position, len(prefix)
    if name == "copilot_lint":
        return 0
    return found


def rule_classes(tree: ast.Module) -> list[str]:
    """Names of the classes defined at the top of a module that subclass ``Rule``."""
    found = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            for base in node.bases:
                if (isinstance(base, ast.Name) and base.id == "Rule") or (
                        isinstance(base, ast.Attribute) and base.attr == "Rule"):
                    found.append(node.name)
    return found


def rule_id_constants(tree: ast.Module) -> list[tuple[int, str]]:
    """``(line, text)`` of each string constant that is a rule id, docstrings aside."""
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                                       ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    docstrings |= {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docstrings and RULE_ID.match(node.value)]


def rules_with_ids(tree: ast.Module) -> list[str]:
    """Names of the top-level ``Rule`` subclasses that set a literal ``id``."""
    ids = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name in rule_classes(tree):
            for item in node.body:
                if isinstance(item, (ast.Assign, ast.AnnAssign)) and any(
                        isinstance(t, ast.Name) and t.id == "id"
                        for t in (item.targets if isinstance(item, ast.Assign) else [item.target])):
                    ids.append(node.name)
    return ids


def only_docstring_and_imports(tree: ast.Module) -> bool:
    """True when a module body is a docstring, imports and ``from __future__`` lines only."""
    for position, node in enumerate(tree.body):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if position == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            continue
        return False
    return True


def is_support(module: Module) -> bool:
    """A family's support module: ``rules/<family>/_<name>.py``."""
    return module.is_rule and module.path.name.startswith("_") and \
        module.path.name != "__init__.py"


def family_of(name: str) -> str:
    """``copilot_lint.rules.iam`` for ``copilot_lint.rules.iam.iam_wildcard``."""
    return name.rpartition(".")[0]


def api_names(root: Path) -> list[str]:
    """The names of ``copilot_lint.api.__all__`` (empty when there is none)."""
    path = root / "copilot_lint" / "api.py"
    if not path.is_file():
        return []
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets) and \
                isinstance(node.value, (ast.List, ast.Tuple)):
            return [e.value for e in node.value.elts if isinstance(e, ast.Constant)]
    return []


def _rule_problems(module: Module, modules: dict[str, Module], where: Path) -> Iterator[str]:
    if module.path.name == "__init__.py":
        if not only_docstring_and_imports(module.tree):
            yield f"{where}: a rules package __init__ holds code"
    elif is_support(module):
        if rule_classes(module.tree):
            yield f"{where}: a support module defines a Rule class"
        api_layer = layer_of(API)
        for target in sorted(module.imports):
            theirs = None if modules[target].is_rule else layer_of(target)
            if theirs is not None and theirs > api_layer:
                yield f"{where}: imports {target} from a later layer than {API}"
        return
    else:
        classes = rule_classes(module.tree)
        if len(classes) != 1:
            yield f"{where}: {len(classes)} Rule classes (a rule module has one)"
    family = family_of(module.name) if module.path.name != "__init__.py" else module.name
    others = sorted(t for t in module.imports if t != API and not (
        is_support(modules[t]) and family_of(t) == family))
    if others:
        yield (f"{where}: imports {', '.join(others)} (rules import only {API} and their "
               f"family's support modules)")


def guidance(root: Path) -> list[str]:
    """What a reviewer should look at, without failing the check: long modules, API names
    nothing in ``rules/``, ``copilot_lint/policy/`` or ``examples/`` uses."""
    modules = collect(root)
    notes = []
    for module in modules.values():
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        limit = RULE_MAX_LINES if module.is_rule else ENGINE_MAX_LINES
        if lines > limit:
            notes.append(f"{module.path.relative_to(root)}: {lines} lines (over {limit}: "
                         "could it be split?)")
    texts = [p.read_text(encoding="utf-8") for top in ("rules", "copilot_lint/policy", "examples")
             for p in sorted((root / top).rglob("*.py")) if (root / top).is_dir()]
    for name in api_names(root):
        if name != "API_VERSION" and not any(re.search(rf"\b{re.escape(name)}\b", t)
                                             for t in texts):
            notes.append(f"{API}: {name} is used by no rule, policy or example")
    return notes


def problems(root: Path) -> list[str]:
    """Every structure problem of the tree at ``root``, one line each."""
    modules = collect(root)
    found: list[str] = []
    for group in cycles(modules):
        found.append("import cycle: " + " -> ".join(group))
    names = api_names(root)
    if len(names) > API_MAX_NAMES:
        found.append(f"copilot_lint/api.py: {len(names)} public names (the rule API has at most "
                     f"{API_MAX_NAMES}; internal helpers go next to the rules that use them)")
    importers = []
    for module in modules.values():
        where = module.path.relative_to(root)
        if module.is_rule:
            found.extend(_rule_problems(module, modules, where))
            continue
        for line, text in rule_id_constants(module.tree):
            found.append(f"{where}:{line}: rule id {text!r} in the engine (a rule owns its logic)")
        for name in rules_with_ids(module.tree):
            found.append(f"{where}: rule {name} outside rules/")
        if module.names_rules or any(modules[t].is_rule for t in module.imports):
            importers.append(module.name)
        own = layer_of(module.name)
        if own is None:
            found.append(f"{where}: in no layer of scripts/check_structure.py LAYERS")
            continue
        for target in sorted(module.imports):
            theirs = layer_of(target)
            if theirs is not None and theirs > own and not modules[target].is_rule:
                found.append(f"{where}: imports {target} from a later layer "
                             f"({LAYERS[theirs][0]} after {LAYERS[own][0]})")
    if len(importers) != 1:
        found.append(f"{len(importers)} engine modules import the rules (exactly one should): "
                     + ", ".join(sorted(importers)))
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    found = problems(root)
    for line in found:
        print(line)
    for line in guidance(root):
        print("guidance: " + line)
    print(f"{len(found)} structure problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
