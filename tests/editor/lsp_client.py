"""A small Language Server Protocol client: JSON-RPC over a child process's standard streams.

Enough of the protocol to open a document in yaml-language-server and read back what an editor
shows: the diagnostics it publishes, hover text and completion items. Every wait has a deadline,
and the server process is always ended.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

DEADLINE = 60.0
"""Seconds any one answer may take."""


class LspError(RuntimeError):
    """The server did not answer in time, ended, or answered with an error."""


class LspClient:
    """One language server child process, spoken to over stdin and stdout."""

    def __init__(
        self, command: Sequence[str], root: Path, settings: Mapping[str, Any] | None = None
    ) -> None:
        self.root = root
        self.settings = dict(settings or {})
        self._proc = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=root,
        )
        self._inbox: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self._next_id = 0
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}

    # -- framing -------------------------------------------------------------------------------

    def _read(self) -> None:
        stream = self._proc.stdout
        assert stream is not None
        while True:
            length = -1
            while True:
                line = stream.readline()
                if not line:
                    self._inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            body = stream.read(length)
            if len(body) < length:
                self._inbox.put(None)
                return
            self._inbox.put(json.loads(body))

    def _send(self, message: Mapping[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stream = self._proc.stdin
        assert stream is not None
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stream.flush()

    def _receive(self, until: float) -> dict[str, Any]:
        left = until - time.monotonic()
        if left <= 0:
            raise LspError("the language server did not answer in time")
        try:
            message = self._inbox.get(timeout=left)
        except queue.Empty:
            raise LspError("the language server did not answer in time") from None
        if message is None:
            raise LspError(f"the language server ended (exit {self._proc.poll()})")
        return message

    # -- messages ------------------------------------------------------------------------------

    def notify(self, method: str, params: Mapping[str, Any]) -> None:
        """Send a notification (no answer expected)."""
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Mapping[str, Any]) -> Any:
        """Send a request and wait for its answer, serving the server's own requests meanwhile."""
        self._next_id += 1
        ident = self._next_id
        self._send({"id": ident, "method": method, "params": params})
        until = time.monotonic() + DEADLINE
        while True:
            message = self._receive(until)
            if message.get("id") == ident and "method" not in message:
                if "error" in message:
                    raise LspError(f"{method}: {message['error']}")
                return message.get("result")
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self.diagnostics[params["uri"]] = params["diagnostics"]
        elif method is not None and "id" in message:
            self._answer(message)

    def _answer(self, message: dict[str, Any]) -> None:
        """Answer the server's requests: its configuration, and anything else with nothing."""
        result: Any = None
        if message["method"] == "workspace/configuration":
            items = message["params"].get("items", [])
            result = [self._section(item.get("section")) for item in items]
        self._send({"id": message["id"], "result": result})

    def _section(self, name: str | None) -> Any:
        if not name:
            return self.settings
        node: Any = self.settings
        for part in name.split("."):
            node = node.get(part) if isinstance(node, Mapping) else None
        return node

    # -- what the tests use --------------------------------------------------------------------

    def initialize(self) -> None:
        """The opening handshake, with the client's settings sent as configuration."""
        uri = self.root.as_uri()
        self.request(
            "initialize",
            {
                "processId": os.getpid(),
                "rootUri": uri,
                "workspaceFolders": [{"uri": uri, "name": self.root.name}],
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {
                            "completionItem": {
                                "snippetSupport": True,
                                "documentationFormat": ["markdown", "plaintext"],
                            }
                        },
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": self.settings})

    def open(self, path: Path, text: str | None = None) -> str:
        """Open a file (with ``text`` instead of its contents, if given); return its URI."""
        uri = path.as_uri()
        body = path.read_text(encoding="utf-8") if text is None else text
        self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": body}},
        )
        return uri

    def wait_diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The diagnostics the server publishes for ``uri`` once it has validated it (the
        first publication after the document was opened)."""
        until = time.monotonic() + DEADLINE
        while uri not in self.diagnostics:
            self._handle(self._receive(until))
        return self.diagnostics[uri]

    def hover(self, uri: str, line: int, character: int) -> str:
        """The hover text at a 0-based position ("" when there is none)."""
        result = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if not result:
            return ""
        contents = result["contents"]
        if isinstance(contents, Mapping):
            return str(contents.get("value", ""))
        if isinstance(contents, list):
            return "\n".join(c if isinstance(c, str) else c.get("value", "") for c in contents)
        return str(contents)

    def completion(self, uri: str, line: int, character: int) -> list[dict[str, Any]]:
        """The completion items offered at a 0-based position."""
        result = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": uri}, "position": {"line": line, "character": character}},
        )
        if isinstance(result, Mapping):
            return list(result.get("items", []))
        return list(result or [])

    def close(self) -> None:
        """Ask the server to shut down and exit; end it if it does not within seconds."""
        try:
            if self._proc.poll() is None:
                self.request("shutdown", {})
                self.notify("exit", {})
        except (LspError, OSError, ValueError):
            pass
        finally:
            try:
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait(timeout=10)
            for stream in (self._proc.stdin, self._proc.stdout):
                if stream is not None:
                    stream.close()

    def __enter__(self) -> LspClient:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
