"""``hmip-docs docx [RECORD…]``: a Word document for each valid record; none for an invalid one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.cli.builds import build_inputs, build_report
from hmip_docs.cli.common import UsageError

if TYPE_CHECKING:
    from hmip_docs.export.build import Built
    from hmip_docs.export.write import Protected
    from hmip_docs.record.organisations import Registry
    from hmip_docs.render.sandbox import Renderer
    from hmip_docs.validate.validator import Checked


BUILD_POOL_MIN = 2
"""From this many documents on, ``docx`` builds them in several processes at once."""


def _build_job(
    job: tuple[Checked, Registry, Path, Path, str, bool, Protected],
    renderer: Renderer | None = None,
) -> tuple[Built | None, str | None]:
    """Build one document (in a worker, or by a render process started ahead): the outcome,
    or the message of an error that stops the run (raised by the caller, as the same error
    built here would be)."""
    from hmip_docs.export import build, write
    from hmip_docs.render.errors import RenderError

    checked, registry, template, destination, file, strict, protected = job
    try:
        built = build.build_one(
            checked, registry, template, destination, file, renderer, strict, protected
        )
        return built, None
    except (RenderError, write.OutputError) as error:
        return None, str(error)


def run(args: argparse.Namespace) -> int:
    """``hmip-docs docx``: build a document for each valid record; none for an invalid one."""
    from hmip_docs.render import sandbox

    # A render process is started first: it imports the Word stack on another processor while
    # this one imports the validator and validates. It renders the first document (or stops,
    # when there is none).
    with sandbox.Renderer() as ahead:
        from hmip_docs.core import workers
        from hmip_docs.export import build, write
        from hmip_docs.render.errors import RenderError
        from hmip_docs.validate.validator import display

        result, template, outputs, protected = build_inputs(args, build.output_name)
        findings = list(result.findings)
        built: list[Path] = []
        jobs = [
            (
                checked,
                result.registry,
                template,
                output,
                display(checked.path),
                args.strict,
                protected,
            )
            for checked, output in outputs
            if checked.passes(args.strict)
        ]
        # Several documents are built side by side, by one render process per processor (the
        # one started ahead among them), each rendering and checking one document after another;
        # where processes cannot be forked, by worker processes that each start render processes.
        count = workers.count(len(jobs), None, BUILD_POOL_MIN)
        done: list[tuple[Built | None, str | None]]
        if count > 1 and workers.forks():
            try:
                done = [(outcome, None) for outcome in build.build_all(jobs, ahead, count)]
            except (RenderError, write.OutputError) as failure:
                raise UsageError(str(failure)) from failure
        elif count > 1:
            ahead.close()
            done = workers.run(_build_job, jobs, workers=count)
        else:
            done = [_build_job(job, ahead) for job in jobs]
    for outcome, error in done:
        if error is not None or outcome is None:
            raise UsageError(error or "a document could not be built")
        findings.extend(outcome.findings)
        if outcome.output is not None:
            built.append(outcome.output)
    return build_report(findings, built, result, args)
