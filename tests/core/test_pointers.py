"""JSON pointers (RFC 6901) into a record: reference tokens escaped, paths joined."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hmip_docs.core import pointers


@pytest.mark.parametrize(
    ("token", "escaped"),
    [
        ("areas", "areas"),
        ("", ""),
        ("a/b", "a~1b"),
        ("~c", "~0c"),
        ("~/x~", "~0~1x~0"),
        ("~1", "~01"),  # "~" first, so a written "~1" does not read back as "/"
        ("/~", "~1~0"),
        ("a b\u00e9", "a b\u00e9"),
    ],
)
def test_reference_tokens_are_escaped(token: str, escaped: str) -> None:
    assert pointers.escape_token(token) == escaped


@pytest.mark.parametrize(
    ("parts", "pointer"),
    [
        ([], ""),
        ([""], "/"),
        (["responses", 0, "areas", 1], "/responses/0/areas/1"),
        (["a/b", "~", 12], "/a~1b/~0/12"),
        (["0"], "/0"),
    ],
)
def test_a_pointer_joins_its_escaped_parts(parts: list[str | int], pointer: str) -> None:
    assert pointers.pointer(parts) == pointer


def _unescape(token: str) -> str:
    """RFC 6901, section 4: ``~1`` to ``/`` first, then ``~0`` to ``~``."""
    return token.replace("~1", "/").replace("~0", "~")


@given(st.lists(st.text(alphabet="~/01ab", max_size=6), max_size=4))
def test_a_pointer_reads_back_to_its_parts(parts: list[str]) -> None:
    made = pointers.pointer(parts)
    assert [_unescape(token) for token in made.split("/")[1:]] == parts
