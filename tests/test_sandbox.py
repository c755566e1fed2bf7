"""The render process started ahead of its job (``sandbox.Renderer``): it renders what a
render started on demand renders, and one that gets no job leaves no process behind."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from hmip_docs import render, sandbox
from hmip_docs.context import Context
from hmip_docs.render_error import RenderError
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
        assert renderer.render(TEMPLATE, ctx) == render.render(TEMPLATE, ctx)
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
