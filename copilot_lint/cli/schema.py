"""``copilot-lint schema [TYPE]``: print the JSON Schema of a Copilot manifest type.

Without TYPE the printed schema covers every manifest and picks the type from its ``type`` key
(a manifest without ``type`` is a pipeline), which suits editors that map one schema onto
``copilot/**/manifest.yml`` (for example yaml-language-server's ``yaml.schemas`` setting).
"""
from __future__ import annotations

import argparse
import json
import sys


def main(argv: list[str]) -> int:
    from copilot_lint.schema.assemble import KINDS, NAMES, dispatcher, schema

    parser = argparse.ArgumentParser(
        prog="copilot-lint schema", allow_abbrev=False,
        description="Print the JSON Schema (draft-07) of a Copilot manifest type, or of all of "
                    "them with the type chosen by the manifest's `type`.")
    parser.add_argument("type", nargs="?", metavar="TYPE",
                        help="a manifest type, as in the manifest (\"Backend Service\") or as a "
                             f"name: {', '.join(NAMES)}")
    args = parser.parse_args(argv)
    if args.type is None:
        doc = dispatcher()
    else:
        wanted = args.type.strip().lower()
        names = {k.lower(): v for k, v in KINDS.items()} | {n: n for n in NAMES}
        if wanted not in names:
            from copilot_lint.model.suggest import did_you_mean

            print(f"copilot-lint schema: unknown type {args.type!r}"
                  f"{did_you_mean(wanted, list(names))}", file=sys.stderr)
            return 2
        doc = schema(names[wanted])
    try:
        sys.stdout.write(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    except BrokenPipeError:
        pass
    return 0
