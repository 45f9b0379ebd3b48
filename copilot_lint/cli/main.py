"""The ``copilot-lint`` command line.

Start-up is kept lean: ``--version`` imports nothing beyond this module; YAML, jsonschema and
the rules are imported only when a run needs them. Exit codes: 0 nothing at or above the
failing severity, 1 findings at or above it, 2 usage, configuration or internal error (an
internal error is one line on stderr, see :mod:`copilot_lint.model.crash`; never a bare traceback).
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

from copilot_lint import __version__
from copilot_lint.cli.color import use_color
from copilot_lint.cli.output_options import add_output_options

LEVELS = ("info", "warning", "error")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
SUBCOMMANDS: dict[str, str] = {"schema": "copilot_lint.cli.schema",
                               "graph": "copilot_lint.cli.graph",
                               "policy": "copilot_lint.cli.policy",
                               "lsp": "copilot_lint.lsp"}
"""Sub-command name → module with ``main(argv) -> int`` (e.g. ``schema``, ``graph``)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copilot-lint",
        description="Lint an AWS Copilot workspace: manifests, addons, pipelines and how they "
                    "wire together, per environment. No AWS credentials, no network.",
        epilog="Sub-commands: 'copilot-lint schema [TYPE]' prints the manifest JSON Schema; "
               "'copilot-lint graph [--format mermaid|dot] [PATH]' draws the workspace. "
               "Exit codes: 0 clean, 1 findings at or above --fail-level, 2 usage or internal "
               "error. Configuration: .copilot-lint.yml or [tool.copilot-lint] in pyproject.toml.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="a copilot/ folder, a folder holding one, or files inside one "
                             "(default: find copilot/ from the working directory)")
    parser.add_argument("--format", default="auto",
                        help="output format: auto (github inside GitHub Actions, else text), "
                             "text, json, sarif, github, junit, summary (default: auto)")
    parser.add_argument("--output", action="append", default=[], metavar="FORMAT=FILE",
                        help="also write the findings in FORMAT to FILE (repeatable), e.g. "
                             "--output sarif=copilot-lint.sarif")
    parser.add_argument("--baseline", metavar="FILE",
                        help="report only findings not recorded in this baseline file")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record the current findings in FILE as the baseline and exit 0")
    parser.add_argument("--select", action="append", default=[], metavar="RULES",
                        help="only these rules (ids, names or prefixes such as CL3; "
                             "comma-separated or repeated)")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES",
                        help="skip these rules (ids, names or prefixes)")
    parser.add_argument("--severity", action="append", default=[], metavar="RULE=LEVEL",
                        help="change a rule's severity, e.g. CL403=error")
    parser.add_argument("--fail-level", choices=LEVELS + ("none",), default=None,
                        help="lowest severity that makes the exit code 1 (default: error)")
    parser.add_argument("--env", metavar="ENV", help="only report findings for this environment")
    parser.add_argument("--config", metavar="FILE", help="configuration file to use")
    parser.add_argument("--no-cfn-lint", action="store_true",
                        help="skip the cfn-lint pass on addon templates")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="worker processes for the cfn-lint pass (default: CPU count)")
    add_output_options(parser)
    fixing = parser.add_mutually_exclusive_group()
    fixing.add_argument("--fix", action="store_true",
                        help="apply the safe automatic fixes, then report what is left")
    fixing.add_argument("--diff", action="store_true",
                        help="print the changes --fix would make as a unified diff; write "
                             "nothing (exit 1 when there is something to fix)")
    parser.add_argument("--list-rules", action="store_true", help="list every rule and exit")
    parser.add_argument("--explain", metavar="RULE", help="print a rule's documentation and exit")
    parser.add_argument("--generate-docs", metavar="FILE",
                        help="write the rules page (docs/rules.md) from the rules' docstrings "
                             "and exit ('-' for standard output)")
    parser.add_argument("--debug", action="store_true",
                        help="print the traceback of an internal error (also: "
                             "COPILOT_LINT_DEBUG=1)")
    parser.add_argument("--version", action="version", version=f"copilot-lint {__version__}")
    return parser


def _split(values: list[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _main(argv)
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # noqa: BLE001 - an internal error is exit 2 and one line
        from copilot_lint.model.crash import debug_wanted, describe

        if debug_wanted("--debug" in argv):
            import traceback

            traceback.print_exc()
        print(describe(err), file=sys.stderr)
        return EXIT_ERROR


def console() -> NoReturn:
    """The ``copilot-lint`` command: :func:`main`, then exit without tearing the heap down.

    A run leaves hundreds of thousands of small objects (node trees, resolved views); freeing
    them one by one at interpreter shutdown took about a tenth of a run. Output is flushed
    first, and nothing of copilot-lint's needs the shutdown hooks (the cfn-lint worker pool is
    closed before :func:`main` returns).
    """
    code = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # a reader that went away, or a stream closed
        pass
    os._exit(code)


def _main(argv: list[str]) -> int:
    if argv and argv[0] in SUBCOMMANDS:
        import importlib

        rest = [arg for arg in argv[1:] if arg != "--debug"]
        return importlib.import_module(SUBCOMMANDS[argv[0]]).main(rest)
    args = build_parser().parse_args(argv)
    try:
        if args.list_rules or args.explain or args.generate_docs:
            from copilot_lint.cli import rule_docs

            return rule_docs.main(args)
        if args.completion:
            from copilot_lint.cli.completion import script_for

            sys.stdout.write(script_for(args.completion, build_parser(), list(SUBCOMMANDS)))
            return EXIT_OK
        return _run(args)
    except BrokenPipeError:
        return EXIT_OK


def _workspaces(paths: list[str]) -> dict[Path, set[str] | None]:
    """Each workspace to lint, with the files to report on (``None``: every file)."""
    from copilot_lint.load.discover import display_path, find_copilot_dir

    cwd = Path.cwd()
    targets: dict[Path, set[str] | None] = {}
    for raw in paths or ["."]:
        path = Path(raw)
        shown = raw if len(raw) <= MAX_SHOWN else raw[:MAX_SHOWN - 1] + "…"
        try:
            if not path.exists():
                raise _UsageError(f"{shown}: no such file or folder")
            root = find_copilot_dir(path)
            is_file = path.is_file()
        except OSError as err:
            raise _UsageError(f"{shown}: cannot use this path: "
                              f"{(err.strerror or str(err)).lower()}") from None
        if root is None:
            raise _UsageError(f"{shown}: no copilot/ folder found here or up to 5 folders above")
        if is_file:
            files = targets.setdefault(root, set())
            if files is not None:
                files.add(display_path(path.absolute(), cwd))
        else:
            targets[root] = None
    return targets


MAX_SHOWN = 120
"""A path argument longer than this is cut in messages."""


class _UsageError(Exception):
    pass


def _run(args: argparse.Namespace) -> int:
    from copilot_lint.engine.registry import all_rules
    from copilot_lint.engine.run import selected_rules
    from copilot_lint.lint import lint_workspace
    from copilot_lint.load.config import ConfigError, find_config, load_config
    from copilot_lint.load.confined import write_replacing
    from copilot_lint.load.discover import WorkspaceError, display_path
    from copilot_lint.model.crash import processing
    from copilot_lint.model.escape import visible
    from copilot_lint.report import FORMATS, Context, pick_format, render

    try:
        stdin = _stdin_target(args)
        targets = {stdin.root: {stdin.shown}} if stdin else _workspaces(args.paths)
    except _UsageError as err:
        print(visible(f"copilot-lint: {err}"), file=sys.stderr)
        return EXIT_ERROR
    fmt = pick_format(args.format)
    outputs = [item.partition("=")[::2] for item in args.output]
    for name in [fmt] + [n for n, _ in outputs]:
        if name not in FORMATS:
            print(f"copilot-lint: unknown format {name!r} (choose from auto, "
                  f"{', '.join(FORMATS)})", file=sys.stderr)
            return EXIT_ERROR
    if any(not target for _, target in outputs):
        print("copilot-lint: --output expects FORMAT=FILE", file=sys.stderr)
        return EXIT_ERROR
    if args.statistics and fmt not in ("text", "json"):
        print("copilot-lint: --statistics prints text or json", file=sys.stderr)
        return EXIT_ERROR
    findings, internal, rules, workspaces, fixed = [], 0, [], [], 0
    for root, files in targets.items():
        try:
            config_path = Path(args.config) if args.config else find_config(
                [root.parent, Path.cwd()])
            config = load_config(config_path)
            _apply_arguments(config, args)
            selected_rules(config)
        except ConfigError as err:
            print(f"copilot-lint: {err}", file=sys.stderr)
            return EXIT_ERROR
        buffers = stdin.buffers if stdin else None
        try:
            with processing(display_path(root, Path.cwd())):
                outcome = lint_workspace(root, config, env=args.env, only_files=files,
                                         buffers=buffers)
                if args.fix or args.diff:
                    fixed += _fix(outcome, args.diff, args.quiet)
                    if args.diff:
                        continue
                    outcome = lint_workspace(root, config, env=args.env, only_files=files)
        except (ConfigError, WorkspaceError) as err:
            print(visible(f"copilot-lint: {err}"), file=sys.stderr)
            return EXIT_ERROR
        if args.env and args.env not in outcome.workspace.env_names:
            print(visible(f"copilot-lint: warning: environment {args.env!r} is not in "
                          f"{outcome.workspace.display_root}"), file=sys.stderr)
        if stdin and not any(f.path == stdin.shown for f in outcome.workspace.files):
            print(visible(f"copilot-lint: warning: {stdin.shown} is not a file copilot-lint "
                          f"reads in {outcome.workspace.display_root} (manifests, addons, "
                          ".workspace); nothing linted"), file=sys.stderr)
        findings.extend(outcome.findings)
        internal += outcome.internal_errors
        rules = selected_rules(config)
        workspaces.append(outcome.workspace)
    from copilot_lint.cli.rule_docs import warn_plugins

    warn_plugins()
    if args.diff:
        return EXIT_FINDINGS if fixed and not args.exit_zero else EXIT_OK
    extra: dict = {"workspaces": workspaces, "internal_errors": internal}
    if args.write_baseline or args.baseline:
        from copilot_lint.report.baseline import BaselineError

        try:
            if args.write_baseline:
                return _write_baseline(Path(args.write_baseline), findings, internal)
            findings, extra["baseline"] = _apply_baseline(Path(args.baseline), findings,
                                                          args.quiet)
        except (OSError, BaselineError) as err:
            print(f"copilot-lint: {err}", file=sys.stderr)
            return EXIT_ERROR
    color = fmt == "text" and use_color(args.color, sys.stdout, os.environ)
    show_source = args.show_source if args.show_source is not None else \
        fmt == "text" and sys.stdout.isatty()
    shown_extra = extra
    if show_source and fmt == "text":
        shown_extra = {**extra, "sources": {f.path: f.text for ws in workspaces for f in ws.files}}
    context = Context(color=color, rules=rules or all_rules(), extra=shown_extra)
    with processing(f"the {fmt} output"):
        if args.statistics:
            from copilot_lint.report.statistics import render_statistics

            text = render_statistics(fmt, findings, context.rules)
        else:
            text = render(fmt, findings, context)
    sys.stdout.write(text)
    for name, target in outputs:
        try:
            with processing(f"the {name} output"):
                text = render(name, findings, Context(rules=context.rules, extra=extra))
            write_replacing(target, text)
        except OSError as err:
            print(f"copilot-lint: cannot write {target}: {err}", file=sys.stderr)
            return EXIT_ERROR
    if fmt == "text" and not args.quiet and not args.statistics:
        _summary(findings)
    if internal:
        return EXIT_ERROR
    fail = config.fail_level
    if not args.exit_zero and fail != "none" and \
            any(LEVELS.index(f.severity) >= LEVELS.index(fail) for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _stdin_target(args: argparse.Namespace):
    """The buffer on standard input and where it belongs, or ``None`` without ``-``."""
    if "-" not in args.paths and not (args.stdin_filename and not args.paths):
        return None
    from copilot_lint.cli.stdin_buffer import StdinUsageError, stdin_target

    try:
        return stdin_target(args.paths, args.stdin_filename, args.fix or args.diff,
                            sys.stdin.buffer, Path.cwd())
    except StdinUsageError as err:
        raise _UsageError(str(err)) from None


def _write_baseline(path: Path, findings: list, internal: int) -> int:
    from copilot_lint.report.baseline import write_baseline

    count = write_baseline(path, findings)
    print(f"copilot-lint: recorded {count} finding{'s' if count != 1 else ''} in baseline "
          f"{path}", file=sys.stderr)
    return EXIT_ERROR if internal else EXIT_OK


def _apply_baseline(path: Path, findings: list, quiet: bool) -> tuple[list, object]:
    from copilot_lint.report.baseline import apply_baseline

    result = apply_baseline(path, findings)
    note = f"copilot-lint: baseline {path}: {result.matched} known finding" \
           f"{'s' if result.matched != 1 else ''} not reported"
    if result.gone:
        note += (f"; {result.gone} baselined finding{'s are' if result.gone != 1 else ' is'} "
                 f"gone (refresh it with --write-baseline {path})")
    if not quiet:
        print(note, file=sys.stderr)
    return result.new, result


def _fix(outcome, diff_only: bool, quiet: bool) -> int:
    """Plan the fixes of one workspace's findings; print the diff or write them. Returns how
    many findings are fixed (or would be). Imports ruamel.yaml, so only --fix/--diff get here."""
    from copilot_lint.fix.plan import plan_fixes
    from copilot_lint.fix.write import apply_plan
    from copilot_lint.model.escape import visible

    plan = plan_fixes(outcome.workspace, outcome.findings)
    problems = plan.problems
    if diff_only:
        sys.stdout.write(plan.diff())
    else:
        problems = problems + apply_plan(plan)
    for problem in problems:
        print(visible(f"copilot-lint: {problem.file}: {problem.message}"), file=sys.stderr)
    count = len(plan.fixed)
    files = sum(1 for change in plan.changes if change.findings)
    verb = "would fix" if diff_only else "fixed"
    if not quiet:
        print(f"copilot-lint: {verb} {count} finding{'s' if count != 1 else ''} in {files} "
              f"file{'s' if files != 1 else ''}", file=sys.stderr)
    return count


def _apply_arguments(config, args: argparse.Namespace) -> None:
    from copilot_lint.load.config import ConfigError

    config.select = _split(args.select) or config.select
    config.ignore = config.ignore + _split(args.ignore)
    for item in args.severity:
        rule, sep, level = item.partition("=")
        if not sep or level not in LEVELS:
            raise ConfigError(f"--severity {item!r}: expected RULE=info|warning|error")
        config.severity[rule.strip()] = level
    if args.fail_level:
        config.fail_level = args.fail_level
    if args.no_cfn_lint:
        config.cfn_lint["enabled"] = False
    if args.jobs:
        config.jobs = args.jobs


def _summary(findings) -> None:
    if not findings:
        print("copilot-lint: no findings", file=sys.stderr)
        return
    counts = {level: sum(1 for f in findings if f.severity == level) for level in LEVELS}
    files = len({f.file for f in findings})
    parts = [f"{n} {level}{'s' if n != 1 else ''}" for level, n in reversed(counts.items()) if n]
    fixable = sum(1 for f in findings if getattr(f, "fix", None) is not None)
    hint = f" ({fixable} fixable with --fix)" if fixable else ""
    print(f"copilot-lint: {', '.join(parts)} in {files} file{'s' if files != 1 else ''}{hint}",
          file=sys.stderr)
