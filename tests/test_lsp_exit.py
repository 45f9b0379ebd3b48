"""``exit`` ends ``copilot-lint lsp`` at once even while a lint never ends: the server process
driven over stdio by hand (a synchronous test, kept out of the asyncio-marked end-to-end
module)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from conftest import write_tree

MANIFEST = "name: api\ntype: Backend Service\nimage:\n  location: nginx\n"
ENVS = {
    "copilot/.workspace": "application: demo\n",
    "copilot/environments/test/manifest.yml": "name: test\ntype: Environment\n",
}


def workspace(tmp_path: Path, files: dict[str, str]) -> Path:
    write_tree(tmp_path, {**ENVS, **files})
    return tmp_path / "copilot"


SPINNING_RULE = '''\
"""A rule that never ends (pure Python, so the interpreter lock is released now and then)."""
from copilot_lint.api import Rule


class Spins(Rule):
    id = "SP100"
    name = "spins"

    def check(self, ws):
        while True:
            pass
        yield
'''


def _frame(message: dict) -> bytes:
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n%s" % (len(body), body)


def _read_message(stream) -> dict:
    length = 0
    while (line := stream.readline().strip()):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))


def _response(stream, request_id: int) -> dict:
    while (message := _read_message(stream)).get("id") != request_id:
        pass
    return message


def test_exit_ends_the_server_while_a_lint_runs(tmp_path: Path) -> None:
    """A lint that does not end (here a plugin rule spinning; in the wild a huge workspace)
    leaves the server answering requests, and ``exit`` ends the process at once (the command
    ends with ``os._exit``, which does not wait for the lint's thread). A lint that holds the
    interpreter lock in C (a backtracking regular expression) would freeze both: no workspace
    value is matched against a pattern built from workspace text (CL108 escapes it)."""
    site = tmp_path / "site"
    write_tree(site, {"spin_rules.py": SPINNING_RULE,
                      "spin-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: spin\n"
                                                     "Version: 1.0\n",
                      "spin-1.0.dist-info/entry_points.txt": "[copilot_lint.rules]\n"
                                                             "spin = spin_rules:Spins\n"})
    root = workspace(tmp_path, {"copilot/api/manifest.yml": MANIFEST})
    manifest = root / "api" / "manifest.yml"
    env = {**os.environ, "PYTHONPATH": str(site)}
    process = subprocess.Popen([sys.executable, "-m", "copilot_lint", "lsp"], cwd=tmp_path,
                               env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    try:
        def send(message: dict) -> None:
            process.stdin.write(_frame({"jsonrpc": "2.0", **message}))
            process.stdin.flush()

        send({"id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": tmp_path.as_uri(), "capabilities": {},
            "initializationOptions": {"cfnLint": False}}})
        assert "capabilities" in _response(process.stdout, 1)["result"]
        send({"method": "initialized", "params": {}})
        send({"method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": manifest.as_uri(), "languageId": "yaml", "version": 1,
            "text": MANIFEST}}})
        time.sleep(1.0)
        send({"id": 2, "method": "textDocument/hover", "params": {
            "textDocument": {"uri": manifest.as_uri()}, "position": {"line": 0, "character": 0}}})
        started = time.monotonic()
        answer = _response(process.stdout, 2)["result"]  # from the buffer: no lint has ended
        assert answer["contents"]["value"].startswith("**name**")
        assert time.monotonic() - started < 10
        send({"id": 3, "method": "shutdown"})
        _response(process.stdout, 3)
        send({"method": "exit"})
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
