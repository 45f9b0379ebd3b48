"""``copilot-lint graph [--format mermaid|dot] [PATH]``: draw the workspace as Copilot wires it.

Lints the workspace first (unless ``--no-findings``) so that the elements with findings are
marked; the configuration is looked up as for a lint run. Prints the graph, or writes it to
``--output FILE``.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

GRAPH_FORMATS = ("mermaid", "dot")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="copilot-lint graph", allow_abbrev=False,
        description="Draw the workspace as Copilot wires it: workloads, environments, addon "
                    "data stores, exports and imports, secret flows and task-role policies, "
                    "with the elements that have findings marked.")
    parser.add_argument("path", nargs="?", default=".", metavar="PATH",
                        help="a copilot/ folder or a folder holding one (default: .)")
    parser.add_argument("--format", choices=GRAPH_FORMATS, default="mermaid",
                        help="mermaid (for Markdown) or dot (Graphviz); default: mermaid")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument("--no-findings", action="store_true",
                        help="do not lint; draw the wiring only")
    parser.add_argument("--no-cfn-lint", action="store_true",
                        help="skip the cfn-lint pass when marking findings")
    parser.add_argument("--config", metavar="FILE", help="configuration file to use")
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    from copilot_lint.graph.build import build_graph
    from copilot_lint.graph.render import to_dot, to_mermaid
    from copilot_lint.lint import lint_workspace
    from copilot_lint.load.config import ConfigError, find_config, load_config
    from copilot_lint.load.discover import find_copilot_dir, load_workspace
    from copilot_lint.model.context import Context
    from copilot_lint.model.escape import no_workflow_commands, visible

    path = Path(args.path)
    root = find_copilot_dir(path) if path.exists() else None
    if root is None:
        print(visible(f"copilot-lint: {args.path}: no copilot/ folder found"), file=sys.stderr)
        return 2
    try:
        config = load_config(Path(args.config) if args.config else
                             find_config([root.parent, Path.cwd()]))
    except ConfigError as err:
        print(visible(f"copilot-lint: {err}"), file=sys.stderr)
        return 2
    if args.no_cfn_lint:
        config.cfn_lint["enabled"] = False
    if args.no_findings:
        ws, findings = Context(load_workspace(root, config=config)), []
    else:
        try:
            outcome = lint_workspace(root, config)
        except ConfigError as err:
            print(f"copilot-lint: {err}", file=sys.stderr)
            return 2
        ws, findings = outcome.context, outcome.findings
    graph = build_graph(ws, findings)
    text = no_workflow_commands(to_dot(graph) if args.format == "dot" else to_mermaid(graph))
    if args.output:
        from copilot_lint.load.confined import write_replacing

        try:
            write_replacing(args.output, text, within=[Path.cwd(), root.parent])
        except OSError as err:
            print(visible(f"copilot-lint graph: cannot write {args.output}: {err}"),
                  file=sys.stderr)
            return 2
    else:
        sys.stdout.write(text)
    return 0
