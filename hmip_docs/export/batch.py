"""The documents of one ``docx`` run built side by side where that pays: by render processes
(one per processor, the one started ahead among them), by a worker pool where processes cannot
be forked, or one after another for a single document."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from hmip_docs.core import workers
from hmip_docs.export import build, write
from hmip_docs.render.errors import RenderError

if TYPE_CHECKING:
    from hmip_docs.export.build import Built
    from hmip_docs.record.organisations import Registry
    from hmip_docs.render.sandbox import Renderer
    from hmip_docs.validate.validator import Checked

    Job = tuple[Checked, Registry, Path, Path, str, bool, write.Protected]
    """What ``build.build_one`` builds (``build.Job``)."""


BUILD_POOL_MIN = 2
"""From this many documents on, ``docx`` builds them in several processes at once."""


class BuildError(Exception):
    """A document could not be built (a render or write error): the run stops, and the
    message says why."""


def _build_job(job: Job, renderer: Renderer | None = None) -> tuple[Built | None, str | None]:
    """Build one document (in a worker, or by a render process started ahead): the outcome,
    or the message of an error that stops the run (raised by the caller, as the same error
    built here would be)."""
    checked, registry, template, destination, file, strict, protected = job
    try:
        built = build.build_one(
            checked, registry, template, destination, file, renderer, strict, protected
        )
        return built, None
    except (RenderError, write.OutputError) as error:
        return None, str(error)


def build_many(jobs: Sequence[Job], ahead: Renderer) -> list[Built]:
    """``build.build_one`` of each job, in their order, with ``ahead`` (a render process
    started ahead) among the processes that build them; the first error raises ``BuildError``.

    Several documents are built side by side, by one render process per processor, each
    rendering and checking one document after another; where processes cannot be forked, by
    worker processes that each start render processes."""
    count = workers.count(len(jobs), None, BUILD_POOL_MIN)
    done: list[tuple[Built | None, str | None]]
    if count > 1 and workers.forks():
        try:
            done = [(outcome, None) for outcome in build.build_all(jobs, ahead, count)]
        except (RenderError, write.OutputError) as failure:
            raise BuildError(str(failure)) from failure
    elif count > 1:
        ahead.close()
        done = workers.run(_build_job, jobs, workers=count)
    else:
        done = [_build_job(job, ahead) for job in jobs]
    built: list[Built] = []
    for outcome, error in done:
        if error is not None or outcome is None:
            raise BuildError(error or "a document could not be built")
        built.append(outcome)
    return built
