"""Edit-to-diagnostics latency and memory of the language server (``copilot-lint lsp``).

Generates the benchmark workspace of ``bench.py`` (N services, four environments), starts the
server over stdio as an editor would (pygls's client, the cfn-lint pass off unless ``--cfn``),
opens one addon template and then sends ``--edits`` unsaved changes that alternately drop and
restore ``${Env}`` in its bucket name, so every edit changes the diagnostics (a CL301 comes and
goes). For each edit it measures the time from sending ``textDocument/didChange`` to receiving
the ``textDocument/publishDiagnostics`` of that document version, the server's CPU time per edit,
and samples the server's resident memory (``/proc``) along the way.

With ``--cfn`` the cfn-lint pass is on and the edits pause (``--pause`` seconds every
``--pause-every`` edits) so that it runs: edits sent while it works in the background show
whether it slows the own rules' diagnostics. The server gets an empty cfn-lint cache of its
own, so the first pass lints every addon folder.

Usage: ``python bench/lsp_latency.py [--services 40] [--edits 200] [--cfn [--pause 3]]``.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from bench import generate  # noqa: E402  (bench/bench.py, beside this script)

GOOD = "!Sub '${App}-${Env}-${Name}-uploads'"
BAD = "!Sub '${App}-${Name}-uploads'"


def rss_mib(pid: int) -> float:
    """The resident set of a process, in MiB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client(LanguageClient):
    """A client that wakes a waiter when a given document version gets its diagnostics."""

    def __init__(self) -> None:
        super().__init__("copilot-lint-bench", "1")
        self.waiting: tuple[str, int, asyncio.Future] | None = None
        self.latest: dict[str, types.PublishDiagnosticsParams] = {}

        @self.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def published(params: types.PublishDiagnosticsParams) -> None:
            self.latest[params.uri] = params
            if self.waiting and self.waiting[0] == params.uri and \
                    params.version == self.waiting[1] and not self.waiting[2].done():
                self.waiting[2].set_result(params)

    async def diagnostics_for(self, uri: str, version: int, timeout: float = 30.0):
        future = asyncio.get_running_loop().create_future()
        self.waiting = (uri, version, future)
        latest = self.latest.get(uri)
        if latest is not None and latest.version == version:
            return latest
        return await asyncio.wait_for(future, timeout)


async def measure(services: int, edits: int, cfn: bool, work: Path, pause: float = 0.0,
                  pause_every: int = 50) -> dict:
    generate(work, services)
    target = work / "copilot" / "svc001" / "addons" / "bucket.yml"
    text = target.read_text()
    assert GOOD in text, "the generated bucket template changed; update GOOD"
    uri = target.absolute().as_uri()
    client = Client()
    env = {**os.environ, "COPILOT_LINT_CACHE_DIR": str(work.parent / "cache")}
    await client.start_io(sys.executable, "-m", "copilot_lint", "lsp", env=env)
    pid = client._server.pid
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(), root_uri=(work / "copilot").as_uri(),
        initialization_options={"cfnLint": cfn}))
    client.initialized(types.InitializedParams())
    started = time.perf_counter()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        types.TextDocumentItem(uri, "yaml", 1, text)))
    await client.diagnostics_for(uri, 1, timeout=120)
    first = time.perf_counter() - started
    latencies, memory, codes = [], [(0, rss_mib(pid))], []
    cpu_before = cpu_seconds(pid)
    for number in range(1, edits + 1):
        version = number + 1
        body = text.replace(GOOD, BAD) if number % 2 else text
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            [types.TextDocumentContentChangeWholeDocument(text=body)]))
        params = await client.diagnostics_for(uri, version)
        latencies.append(time.perf_counter() - sent)
        codes.append(sorted(str(d.code) for d in params.diagnostics))
        if number % max(1, edits // 10) == 0:
            memory.append((number, rss_mib(pid)))
        if pause and number % pause_every == 0:
            await asyncio.sleep(pause)
    cpu = (cpu_seconds(pid) - cpu_before) / max(1, edits)
    wrong = sum(1 for i, got in enumerate(codes, 1) if ("CL301" in got) != bool(i % 2))
    await client.shutdown_async(None)
    client.exit(None)
    await asyncio.wait_for(client._server.wait(), 10)
    await client.stop()
    cfn_files = sum(1 for params in client.latest.values()
                    if any(str(d.code).startswith("CFN-") for d in params.diagnostics))
    return {"services": services, "first": first, "latencies": latencies, "memory": memory,
            "wrong": wrong, "cpu": cpu, "cfn_files": cfn_files if cfn else None}


def report(result: dict) -> str:
    lat = sorted(result["latencies"])
    p90 = lat[min(len(lat) - 1, int(len(lat) * 0.9))]
    lines = [
        f"services: {result['services']}, edits: {len(lat)}",
        f"open to first diagnostics: {result['first']:.3f} s (cold: imports, first full load)",
        f"edit to diagnostics: median {statistics.median(lat):.3f} s, p90 {p90:.3f} s, "
        f"max {lat[-1]:.3f} s",
        f"server CPU per edit (user + system, less sensitive to other load): "
        f"{result['cpu']:.3f} s",
        "server RSS (MiB) after N edits: " + ", ".join(
            f"{n}: {mib:.1f}" for n, mib in result["memory"]),
        f"edits whose diagnostics were wrong (CL301 expected on every other edit): "
        f"{result['wrong']}",
    ]
    if result["cfn_files"] is not None:
        lines.append(f"files with cfn-lint diagnostics at the end: {result['cfn_files']}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=40)
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--cfn", action="store_true",
                        help="leave the cfn-lint pass on (it runs in the background)")
    parser.add_argument("--pause", type=float, default=0.0,
                        help="seconds to pause every --pause-every edits (lets cfn-lint run)")
    parser.add_argument("--pause-every", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="copilot-lint-lsp-bench-") as tmp:
        result = asyncio.run(measure(args.services, args.edits, args.cfn, Path(tmp) / "ws",
                                     args.pause, args.pause_every))
    print(report(result))
    return 1 if result["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
