"""``copilot-lint lsp``: the language server (needs pygls, the ``lsp`` extra: ``pip install
'.[lsp]'`` in a checkout, or ``pip install 'pygls>=2.0,<3'`` beside an installed copilot-lint).

The server speaks the Language Server Protocol over stdin/stdout. Modules: ``session`` (buffers
over the disk, incremental lint), ``convert`` (findings → diagnostics), ``actions`` (quick fixes
and suppressions), ``hover`` (rule docs, schema descriptions), ``cfn_worker`` (the cfn-lint pass
in the background), ``server`` (the protocol wiring).
"""
from __future__ import annotations

import argparse
import sys

EXIT_ERROR = 2


def main(argv: list[str]) -> int:
    """Run the language server on stdio until the client ends it."""
    parser = argparse.ArgumentParser(
        prog="copilot-lint lsp", allow_abbrev=False,
        description="Run copilot-lint as a Language Server Protocol server on stdin/stdout.")
    parser.add_argument("--stdio", action="store_true",
                        help="talk over stdin/stdout (the default and only transport)")
    parser.parse_args(argv)
    try:
        from copilot_lint.lsp.server import serve
    except ImportError as err:
        print(f"copilot-lint lsp: the language server needs pygls, the lsp extra ({err}); "
              "install it with: pip install 'pygls>=2.0,<3'", file=sys.stderr)
        return EXIT_ERROR
    serve()
    return 0
