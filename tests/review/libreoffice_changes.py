"""LibreOffice's own reading of Word documents with tracked changes: for each .docx given, the
paragraph texts of its body (table cells in reading order) as it opens, with every change
accepted, and with every change rejected, each done by LibreOffice itself
(``.uno:AcceptAllTrackedChanges``, ``.uno:RejectAllTrackedChanges``).

Run by a Python that has LibreOffice's ``uno`` module (Debian's ``/usr/bin/python3`` with
``python3-uno``), not by the test suite's own Python:

    /usr/bin/python3 libreoffice_changes.py SOFFICE A.docx [B.docx ...]

It starts a headless office of its own, with a private profile, prints one JSON object
``{path: {"as_is": [...], "accepted": [...], "rejected": [...]}}`` and stops the office again.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import uno  # type: ignore[import-not-found]
from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]
from com.sun.star.connection import NoConnectException  # type: ignore[import-not-found]

CONNECT_WITHIN = (
    90.0  # seconds for the office to start and listen (a first start makes the profile)
)


def _property(name: str, value: object) -> Any:
    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _texts(text: Any) -> list[str]:
    """The paragraph texts of a text (the body, or a cell), tables' cells row by row."""
    out: list[str] = []
    parts = text.createEnumeration()
    while parts.hasMoreElements():
        part = parts.nextElement()
        if part.supportsService("com.sun.star.text.TextTable"):
            for name in part.getCellNames():  # A1, B1, …, A2, …: row by row
                out.extend(_texts(part.getCellByName(name).getText()))
        else:
            label = part.getPropertyValue("ListLabelString") or ""
            out.append(f"{label}\t{part.getString()}" if label else part.getString())
    return out


def _read(desktop: Any, dispatcher: Any, path: str, command: str | None) -> list[str]:
    url = uno.systemPathToFileUrl(str(Path(path).resolve()))
    doc = desktop.loadComponentFromURL(url, "_blank", 0, (_property("Hidden", True),))
    try:
        if command is not None:
            frame = doc.getCurrentController().getFrame()
            dispatcher.executeDispatch(frame, command, "", 0, ())
        return _texts(doc.getText())
    finally:
        doc.close(True)


def _connect(context: Any, pipe: str) -> Any:
    resolver = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", context
    )
    deadline = time.monotonic() + CONNECT_WITHIN
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main(soffice: str, paths: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="hmip-docs-uno-") as temp:
        pipe = f"hmip_docs_{os.getpid()}"
        office = subprocess.Popen(
            [
                soffice,
                f"-env:UserInstallation={Path(temp, 'profile').as_uri()}",
                f"--accept=pipe,name={pipe};urp;",
                "--headless",
                "--invisible",
                "--nodefault",
                "--nolockcheck",
                "--nologo",
                "--norestore",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            remote = _connect(uno.getComponentContext(), pipe)
            manager = remote.ServiceManager
            desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
            dispatcher = manager.createInstanceWithContext(
                "com.sun.star.frame.DispatchHelper", remote
            )
            found = {
                path: {
                    "as_is": _read(desktop, dispatcher, path, None),
                    "accepted": _read(desktop, dispatcher, path, ".uno:AcceptAllTrackedChanges"),
                    "rejected": _read(desktop, dispatcher, path, ".uno:RejectAllTrackedChanges"),
                }
                for path in paths
            }
            with contextlib.suppress(Exception):  # the bridge drops as the office quits
                desktop.terminate()
        finally:
            try:
                office.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(office.pid, signal.SIGKILL)
                office.wait(timeout=30)
    json.dump(found, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
