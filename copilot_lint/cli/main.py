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

from copilot_lint.cli.arguments import DESCRIPTION, LEVELS, add_lint_arguments, build_parser
from copilot_lint.cli.color import use_color
from copilot_lint.cli.option_config import apply_arguments
from copilot_lint.cli.commands import CHECK, SUBCOMMANDS, parse_check, run_subcommand, \
    with_command
from copilot_lint.model.memory import MemoryFiles
from copilot_lint.model.suggest import did_you_mean
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    from copilot_lint.cli.log_safe import LogSafe
    from copilot_lint.model.crash import set_debug

    set_debug("--debug" in argv)
    stderr = sys.stderr
    if stderr is not None:
        sys.stderr = LogSafe(stderr)
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
    finally:
        try:
            if sys.stderr is not None:
                sys.stderr.flush()
        except (OSError, ValueError):
            pass
        sys.stderr = stderr


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
    argv = with_command(argv)
    if argv[0] != CHECK:
        _note_folder_named_like(argv[0])
        return run_subcommand(argv[0], [arg for arg in argv[1:] if arg != "--debug"])
    args = parse_check(add_lint_arguments, DESCRIPTION, argv)
    try:
        if args.list_rules or args.explain or args.generate_docs:
            from copilot_lint.cli import rule_docs

            return rule_docs.main(args)
        if args.completion:
            from copilot_lint.cli.completion import script_for

            sys.stdout.write(script_for(args.completion, build_parser(), [CHECK, *SUBCOMMANDS]))
            return EXIT_OK
        from copilot_lint.model.collector import one_shot

        with one_shot():  # the command exits after its run (model/collector.py)
            return _run(args)
    except BrokenPipeError:
        return EXIT_OK


def _note_folder_named_like(command: str) -> None:
    """Say how to lint a workspace folder that has a sub-command's name (``graph/``)."""
    try:
        is_workspace = (Path(command) / "copilot").is_dir()
    except OSError:
        is_workspace = False
    if is_workspace:
        print(f"copilot-lint: note: running the {command} sub-command; to lint the folder "
              f"{command}/ use: copilot-lint check {command}", file=sys.stderr)


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
                close = did_you_mean(raw, [CHECK, *SUBCOMMANDS], cutoff=0.75)
                raise _UsageError(f"{shown}: no such file or folder" + (
                    close.replace("mean ", "mean the sub-command ") if "?" in close else ""))
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
    from copilot_lint.model.collector import collector_paused

    with collector_paused():  # what these imports make lives to the end of the run
        from copilot_lint.cfn import stage as cfn_pass
        from copilot_lint.engine.registry import all_rules
        from copilot_lint.engine.run import known_rules, selected_rules
        from copilot_lint.engine.selectors import check_config
        from copilot_lint.lint import lint_workspace
        from copilot_lint.load.config import ConfigError, find_config, load_config
        from copilot_lint.load.confined import write_replacing
        from copilot_lint.load.discover import WorkspaceError, display_path
        from copilot_lint.model.crash import processing
        from copilot_lint.model.escape import no_workflow_commands, visible
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
            print(f"copilot-lint: unknown format {name!r}"
                  f"{did_you_mean(name, ['auto', *FORMATS])}", file=sys.stderr)
            return EXIT_ERROR
    if any(not target for _, target in outputs):
        print("copilot-lint: --output expects FORMAT=FILE", file=sys.stderr)
        return EXIT_ERROR
    if args.statistics and fmt not in ("text", "json"):
        print("copilot-lint: --statistics prints text or json", file=sys.stderr)
        return EXIT_ERROR
    findings, internal, rules, workspaces, fixed = [], 0, [], [], 0
    fail_levels: dict[int, str] = {}
    """Each finding's workspace's fail-level (by finding id): judged by its own configuration."""
    for root, files in targets.items():
        try:
            config_path = Path(args.config) if args.config else _shown(find_config(
                [root.parent, Path.cwd()]))
            config = load_config(config_path)
            with collector_paused():  # the first call imports the rules and their queries
                known = known_rules(config)
            check_config(config, known, cfn_pass.rule_ids)
            apply_arguments(config, args)
            selected_rules(config)
        except ConfigError as err:
            print(visible(f"copilot-lint: {err}"), file=sys.stderr)
            return EXIT_ERROR
        memory = MemoryFiles(stdin.buffers) if stdin else None
        try:
            with processing(display_path(root, Path.cwd())):
                outcome = lint_workspace(root, config, env=args.env, only_files=files,
                                         memory=memory)
                if args.fix or args.diff:
                    from copilot_lint.cli.fix_rounds import fix_rounds

                    count, outcome = fix_rounds(
                        outcome, lambda overlay, root=root, config=config, files=files:
                        lint_workspace(root, config, env=args.env, only_files=files,
                                       memory=MemoryFiles(overlay) if overlay else None),
                        args.diff, args.quiet)
                    fixed += count
                    if args.diff:
                        continue
        except (ConfigError, WorkspaceError) as err:
            print(visible(f"copilot-lint: {err}"), file=sys.stderr)
            return EXIT_ERROR
        if stdin and not any(f.path == stdin.shown for f in outcome.workspace.files):
            print(visible(f"copilot-lint: warning: {stdin.shown} is not a file copilot-lint "
                          f"reads in {outcome.workspace.display_root} (manifests, addons, "
                          ".workspace); nothing linted"), file=sys.stderr)
        findings.extend(outcome.findings)
        internal += outcome.internal_errors
        rules = selected_rules(config)
        workspaces.append(outcome.context)
        fail_levels.update((id(f), config.fail_level) for f in outcome.findings)
    if args.env and not any(args.env in ws.env_names for ws in workspaces):
        known = sorted({name for ws in workspaces for name in ws.env_names})
        print(visible(f"copilot-lint: --env {args.env!r}: no such environment in "
                      f"{', '.join(ws.display_root for ws in workspaces)}"
                      f"{did_you_mean(args.env, known)}"), file=sys.stderr)
        return EXIT_ERROR
    from copilot_lint.cli.rule_docs import warn_plugins

    warn_plugins()
    if args.diff:
        return EXIT_FINDINGS if fixed and not args.exit_zero else EXIT_OK
    extra: dict = {"workspaces": workspaces, "internal_errors": internal}
    if args.write_baseline or args.baseline:
        from copilot_lint.report.baseline import BaselineError

        try:
            if args.write_baseline:
                return _write_baseline(Path(args.write_baseline), findings, internal,
                                       _link_free(workspaces))
            findings, extra["baseline"] = _apply_baseline(Path(args.baseline), findings,
                                                          args.quiet)
        except BaselineError as err:
            print(visible(f"copilot-lint: {err}"), file=sys.stderr)
            return EXIT_ERROR
        except OSError as err:
            print(visible(f"copilot-lint: cannot write the baseline {args.write_baseline}: "
                          f"{_reason(err)}"), file=sys.stderr)
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

            text = no_workflow_commands(render_statistics(fmt, findings, context.rules))
        else:
            text = render(fmt, findings, context)
    sys.stdout.write(text)
    for name, target in outputs:
        try:
            with processing(f"the {name} output"):
                text = render(name, findings, Context(rules=context.rules, extra=extra))
            write_replacing(target, text, within=_link_free(workspaces))
        except OSError as err:
            print(visible(f"copilot-lint: cannot write {target}: {_reason(err)}"),
                  file=sys.stderr)
            return EXIT_ERROR
    if fmt == "text" and not args.quiet and not args.statistics:
        _summary(findings)
    if internal:
        return EXIT_ERROR
    if not args.exit_zero and any(_fails(f, fail_levels.get(id(f), "error")) for f in findings):
        return EXIT_FINDINGS
    return EXIT_OK


def _fails(finding, fail_level: str) -> bool:
    """Whether ``finding`` reaches its workspace's ``fail_level``."""
    return fail_level != "none" and \
        LEVELS.index(finding.severity) >= LEVELS.index(fail_level)


def _shown(path: Path | None) -> Path | None:
    """``path`` relative to the working directory when it is below it (as messages show it)."""
    if path is None:
        return None
    try:
        return path.absolute().relative_to(Path.cwd())
    except ValueError:
        return path


def _stdin_target(args: argparse.Namespace):
    """The buffer on standard input and where it belongs, or ``None`` without ``-``."""
    if args.stdin_filename and args.paths and "-" not in args.paths:
        raise _UsageError("--stdin-filename names the file standard input stands for: give "
                          "'-' as the PATH (or no PATH)")
    if "-" not in args.paths and not (args.stdin_filename and not args.paths):
        return None
    from copilot_lint.cli.stdin_buffer import StdinUsageError, stdin_target

    try:
        return stdin_target(args.paths, args.stdin_filename, args.fix or args.diff,
                            sys.stdin.buffer, Path.cwd())
    except StdinUsageError as err:
        raise _UsageError(str(err)) from None
    except ValueError:  # a NUL in the name
        raise _UsageError(f"--stdin-filename {args.stdin_filename!r}: not a valid file "
                          "name") from None


def _link_free(workspaces: list) -> list[Path]:
    """The folders an output file must not leave through a link when written inside them:
    the working directory and each linted project (a pull request may hold links there)."""
    return [Path.cwd(), *(ws.root.parent for ws in workspaces)]


def _reason(err: Exception) -> str:
    """An error's reason without Python's ``[Errno N]`` prefix or a repeated file name."""
    if isinstance(err, OSError) and err.strerror and type(err).__str__ is OSError.__str__:
        return err.strerror[0].lower() + err.strerror[1:]
    return str(err)


def _write_baseline(path: Path, findings: list, internal: int, within: list[Path]) -> int:
    from copilot_lint.model.escape import visible
    from copilot_lint.report.baseline import write_baseline

    count = write_baseline(path, findings, within)
    print(visible(f"copilot-lint: recorded {count} finding{'s' if count != 1 else ''} in "
                  f"baseline {path}"), file=sys.stderr)
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
