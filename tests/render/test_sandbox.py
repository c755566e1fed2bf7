"""The render process started ahead of its job (``sandbox.Renderer``): it renders what a
render started on demand renders, and one that gets no job leaves no process behind."""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest

from hmip_docs.cli.docx import BUILD_MODULES
from hmip_docs.context.model import Context
from hmip_docs.render import sandbox, word
from hmip_docs.render.errors import RenderError
from tests.conftest import TEMPLATE, template_with

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="started ahead where it forks")


def _gone(pid: int) -> bool:
    """Whether no process (not even an unreaped one) has this id."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_a_renderer_started_ahead_renders_what_render_does(ctx: Context) -> None:
    with sandbox.Renderer() as renderer:
        child = renderer._child
        assert child is not None  # started ahead, before it has a job
        assert renderer.render(TEMPLATE, ctx) == word.render(TEMPLATE, ctx)
    assert _gone(child.pid)


def test_a_renderer_without_a_job_leaves_no_process(ctx: Context) -> None:
    with sandbox.Renderer() as renderer:
        child = renderer._child
        assert child is not None and not _gone(child.pid)
    assert _gone(child.pid)


def test_a_renderer_stops_its_child_when_the_work_before_fails() -> None:
    with pytest.raises(ValueError, match="an invalid record"), sandbox.Renderer() as renderer:
        child = renderer._child
        assert child is not None
        raise ValueError("an invalid record")
    assert _gone(child.pid)


def test_a_renderer_imports_what_its_caller_names_in_the_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "imported"
    probe = f"import os, pathlib\npathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\n"
    (tmp_path / "preload_probe.py").write_text(probe)
    monkeypatch.syspath_prepend(str(tmp_path))
    with sandbox.Renderer(("preload_probe",)) as renderer:
        child = renderer._child
        assert child is not None
        for _ in range(500):
            if marker.exists() and marker.read_text():
                break
            time.sleep(0.01)
        assert marker.read_text() == str(child.pid)
    assert "preload_probe" not in sys.modules


def test_the_modules_a_build_preloads_exist() -> None:
    for name in BUILD_MODULES:
        assert importlib.util.find_spec(name) is not None, name


def test_a_second_job_gets_a_render_process_of_its_own(ctx: Context) -> None:
    with sandbox.Renderer() as renderer:
        first = renderer.render(TEMPLATE, ctx)
        assert renderer.render(TEMPLATE, ctx) == first


def test_the_limits_hold_for_a_renderer_started_ahead(tmp_path: Path, ctx: Context) -> None:
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    limits = sandbox.RenderLimits(seconds=2, cpu_seconds=600)
    with sandbox.Renderer() as renderer:
        child = renderer._child
        assert child is not None
        with pytest.raises(RenderError, match="took longer than 2 s, the limit"):
            renderer.render(template_with(tmp_path, loop), ctx, limits)
    assert _gone(child.pid)


def test_a_template_error_comes_back_from_a_renderer(tmp_path: Path, ctx: Context) -> None:
    with sandbox.Renderer() as renderer, pytest.raises(RenderError, match="no_such_name"):
        renderer.render(template_with(tmp_path, "{{ no_such_name }}"), ctx)


# ------------------------------------------------------------- many jobs, few render processes


def _children() -> set[int]:
    """The process ids of this process's children (Linux)."""
    found: set[int] = set()
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        text = (task / "children").read_text()
        found.update(int(pid) for pid in text.split())
    return found


def _jobs(template: Path, ctx: Context, count: int) -> list[sandbox.Job]:
    limits = sandbox.DEFAULT_LIMITS
    return [sandbox.Job(sandbox.render_document, (template, ctx, limits), template)] * count


def test_run_all_renders_each_job_as_render_does(ctx: Context) -> None:
    before = _children()
    expected = word.render(TEMPLATE, ctx)
    done = dict(sandbox.run_all(_jobs(TEMPLATE, ctx, 5), processes=2))
    assert sorted(done) == [0, 1, 2, 3, 4]
    assert all(document == expected for document in done.values())
    assert _children() == before


def test_run_all_stops_every_process_at_the_first_error(tmp_path: Path, ctx: Context) -> None:
    before = _children()
    broken = template_with(tmp_path, "{{ no_such_name }}")
    jobs = [*_jobs(TEMPLATE, ctx, 2), *_jobs(broken, ctx, 1), *_jobs(TEMPLATE, ctx, 3)]
    with pytest.raises(RenderError, match="no_such_name"):
        for _ in sandbox.run_all(jobs, processes=2):
            pass
    assert _children() == before


def test_run_all_holds_each_job_to_the_clock(tmp_path: Path, ctx: Context) -> None:
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    limits = sandbox.RenderLimits(seconds=2, cpu_seconds=600)
    slow = template_with(tmp_path, loop)
    jobs = [sandbox.Job(sandbox.render_document, (slow, ctx, limits), slow)] * 3
    with pytest.raises(RenderError, match="took longer than 2 s, the limit"):
        list(sandbox.run_all(jobs, limits, processes=2))


def test_each_job_of_a_process_gets_its_own_processor_time(tmp_path: Path, ctx: Context) -> None:
    # Ten renders in one process, each of a fraction of the two seconds it is granted: the
    # process spends well over that in all, and none is stopped.
    busy = "{% for i in range(150) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    template = template_with(tmp_path, busy)
    limits = sandbox.RenderLimits(cpu_seconds=2)
    job = sandbox.Job(sandbox.render_document, (template, ctx, limits), template)
    start = os.times()
    done = dict(sandbox.run_all([job] * 10, limits, processes=1))
    end = os.times()
    assert len(done) == 10
    spent = end.children_user + end.children_system - start.children_user - start.children_system
    assert spent > limits.cpu_seconds + 1
