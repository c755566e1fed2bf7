"""The YAML loader: 1.2 core typing, positions, refused constructs, bounds, encodings, messages."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from hmip_docs.core import pointers
from hmip_docs.core.findings import Finding, Severity
from hmip_docs.load import events, yamlload
from hmip_docs.load.yamlload import Document, Limits, LoadResult, load_file, load_yaml


def load(text: str | bytes, **kwargs: Any) -> LoadResult:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    result = load_yaml(raw, file="record.yaml", **kwargs)
    for finding in result.findings:
        assert finding.severity is Severity.ERROR
        assert finding.file == "record.yaml"
        assert finding.hint
        assert finding.line >= 1 and finding.column >= 1, finding
        assert "Traceback" not in finding.message
    return result


def data(text: str | bytes) -> dict[str, Any]:
    result = load(text)
    assert result.findings == (), result.findings
    assert result.document is not None
    return result.document.data


def doc(text: str | bytes) -> Document:
    result = load(text)
    assert result.document is not None, result.findings
    return result.document


def only(result: LoadResult, rule: str) -> Finding:
    """The single finding of ``result``, which must have rule ``rule``."""
    assert [f.rule for f in result.findings] == [rule], result.findings
    return result.findings[0]


def rules(result: LoadResult) -> list[str]:
    return [f.rule for f in result.findings]


@pytest.fixture(params=["libyaml", "pure-python"], autouse=False)
def both_parsers(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's parser and again with PyYAML's pure-Python one."""
    if request.param == "pure-python":
        monkeypatch.setattr(events, "PARSER", yaml.SafeLoader)
    yield request.param


# --------------------------------------------------------------------------- typing


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        # YAML 1.1 booleans are text in 1.2
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("n", "n"),
        ("No", "No"),
        # 1.2 booleans
        ("true", True),
        ("True", True),
        ("TRUE", True),
        ("false", False),
        ("False", False),
        ("FALSE", False),
        ("tRUE", "tRUE"),
        # nulls
        ("null", None),
        ("Null", None),
        ("NULL", None),
        ("~", None),
        ("", None),
        ("nULL", "nULL"),
        # integers
        ("0", 0),
        ("42", 42),
        ("-17", -17),
        ("+5", 5),
        ("0755", 755),
        ("0o17", 15),
        ("0x1F", 31),
        ("0xff", 255),
        ("0x1G", "0x1G"),
        ("0o8", "0o8"),
        ("1_000", "1_000"),
        ("0b101", "0b101"),
        # floats
        ("1.10", 1.1),
        ("1.5", 1.5),
        ("-0.25", -0.25),
        (".5", 0.5),
        ("+.5", 0.5),
        ("1.", 1.0),
        ("1e3", 1000.0),
        ("1.5E-2", 0.015),
        (".inf", math.inf),
        (".Inf", math.inf),
        ("+.INF", math.inf),
        ("-.inf", -math.inf),
        (".infinity", ".infinity"),
        ("1.2.3", "1.2.3"),
        # no sexagesimal numbers, no dates or timestamps
        ("22:22", "22:22"),
        ("190:20:30", "190:20:30"),
        ("2021-02-30", "2021-02-30"),
        ("2021-02-28", "2021-02-28"),
        ("2001-12-14t21:59:43.10-05:00", "2001-12-14t21:59:43.10-05:00"),
        # ordinary text
        ("HMP Example", "HMP Example"),
        ("<<", "<<"),
        ("=", "="),
        # quoted and block scalars are always text
        ("'true'", "true"),
        ('"12"', "12"),
        ("''", ""),
        ("'null'", "null"),
        ("'0755'", "0755"),
        ("|\n  12\n", "12\n"),
        (">-\n  true\n", "true"),
        # standard core tags are honoured; the non-specific tag means text
        ("!!str 12", "12"),
        ("!!str true", "true"),
        ("!!int '12'", 12),
        ("!!float 3", 3.0),
        ("!!bool false", False),
        ("!!null ''", None),
        ("! 12", "12"),
    ],
)
def test_core_schema_typing(source: str, expected: Any, both_parsers: str) -> None:
    value = data(f"value: {source}\n")["value"]
    assert value == expected
    assert type(value) is type(expected)


def test_nan_forms_are_floats() -> None:
    for source in (".nan", ".NaN", ".NAN"):
        value = data(f"value: {source}\n")["value"]
        assert isinstance(value, float) and math.isnan(value)


def test_dates_never_become_datetime_objects() -> None:
    loaded = data("published: 2021-02-28\nat: 2021-02-28 10:00:00\nbad: 2021-02-30\n")
    assert loaded == {"published": "2021-02-28", "at": "2021-02-28 10:00:00", "bad": "2021-02-30"}


def test_integer_at_python_digit_limit_loads() -> None:
    digits = "9" * 4300
    assert data(f"value: {digits}\n")["value"] == int(digits)


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("9" * 4301, "4,301 digits"),
        ("-" + "9" * 5000, "5,000 digits"),
        ("0x" + "f" * 4000, "4,000 digits"),  # converts, but could never be shown
        ("!!int " + "9" * 4301, "4,301 digits"),
        ("!!float 0x" + "f" * 300, "300 digits"),  # past a float's range
        ("!!float " + "9" * 400, "400 digits"),
        ("1e999", "more than a number can hold"),
        ("-1.5e400", "more than a number can hold"),
    ],
    ids=[
        "decimal",
        "negative",
        "hex",
        "tagged-int",
        "tagged-float-hex",
        "tagged-float",
        "exp",
        "neg",
    ],
)
def test_number_too_large_to_read_is_a_finding(value: str, says: str) -> None:
    # As a value, in a list, and as a key (a long key must be written `? key`).
    for text in (f"value: {value}\n", f"list: [1, {value}]\n", f"? {value}\n: key\n"):
        result = load(f"a: 1\n{text}")
        finding = only(result, "yaml-number")
        assert result.document is None
        assert finding.line == 2 and finding.column > 1
        assert says in finding.message and "too large" in finding.message


def test_infinity_written_as_such_still_loads() -> None:
    assert data("value: .inf\n")["value"] == math.inf


def test_collections_convert_to_dicts_and_lists() -> None:
    loaded = data("a:\n  b: [1, two, {c: null}]\n  d:\n    - x\n    - - y\n")
    assert loaded == {"a": {"b": [1, "two", {"c": None}], "d": ["x", ["y"]]}}


@given(
    st.dictionaries(
        st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"]), max_size=12),
        st.recursive(
            st.none()
            | st.booleans()
            | st.integers(min_value=-(10**30), max_value=10**30)
            | st.floats(allow_nan=False, allow_infinity=False)
            | st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"])),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.text(max_size=5), inner, max_size=4)
            ),
            max_leaves=12,
        ),
        max_size=6,
    )
)
@settings(max_examples=150, deadline=None)
def test_json_documents_load_to_the_same_data(value: dict[str, Any]) -> None:
    """JSON is YAML 1.2: any JSON object must load to exactly the data it encodes."""
    text = json.dumps(value, ensure_ascii=False)
    result = load_yaml(text.encode("utf-8"))
    if any(f.rule == "yaml-bad-character" for f in result.findings):
        return  # a generated control character; covered by its own tests
    assert result.findings == ()
    assert result.document is not None
    assert result.document.data == value


# --------------------------------------------------------------------------- positions


NESTED = """\
title: Report
meta:
  year: 2021
  tags: [a, b]
items:
  - name: first
    score: 1
  -   second
  - - deep
"""


def test_positions_of_values_and_keys(both_parsers: str) -> None:
    document = doc(NESTED)
    assert dict(document.positions) == {
        "": (1, 1),
        "/title": (1, 8),
        "/meta": (3, 3),
        "/meta/year": (3, 9),
        "/meta/tags": (4, 9),
        "/meta/tags/0": (4, 10),
        "/meta/tags/1": (4, 13),
        "/items": (6, 3),
        "/items/0": (6, 5),
        "/items/0/name": (6, 11),
        "/items/0/score": (7, 12),
        "/items/1": (8, 7),
        "/items/2": (9, 5),
        "/items/2/0": (9, 7),
    }
    assert dict(document.key_positions) == {
        "/title": (1, 1),
        "/meta": (2, 1),
        "/meta/year": (3, 3),
        "/meta/tags": (4, 3),
        "/items": (5, 1),
        "/items/0/name": (6, 5),
        "/items/0/score": (7, 5),
    }


def test_position_of_an_empty_value_is_just_after_its_colon() -> None:
    document = doc("a:\nb: 1\n")
    assert document.data == {"a": None, "b": 1}
    assert document.positions["/a"] == (1, 3)


def test_pointer_tokens_are_escaped() -> None:
    document = doc("'a/b': 1\n'~c': 2\n'': 3\n")
    assert document.data == {"a/b": 1, "~c": 2, "": 3}
    assert document.positions["/a~1b"] == (1, 8)
    assert document.positions["/~0c"] == (2, 7)
    assert document.positions["/"] == (3, 5)
    assert pointers.escape_token("~/x~") == "~0~1x~0"


def test_position_walks_up_to_the_nearest_known_value() -> None:
    document = doc(NESTED)
    assert document.position("/items/0/score") == (7, 12)
    assert document.position("/items/0/missing") == (6, 5)
    assert document.position("/items/7/name") == (6, 3)
    assert document.position("/nothing/here") == (1, 1)
    assert document.position("") == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    document = doc("é€: x\nk: 'ü' \n")
    assert document.positions["/é€"] == (1, 5)
    assert document.positions["/k"] == (2, 4)


def test_document_keeps_the_text() -> None:
    assert doc("a: 1\n").text == "a: 1\n"


# --------------------------------------------------------------------------- keys


def test_duplicate_key_names_both_lines_and_keeps_the_first() -> None:
    result = load("title: One\nyear: 2021\n\ntitle: Two\n")
    finding = only(result, "yaml-duplicate-key")
    assert finding.message == "key 'title' appears twice: first on line 1, again on line 4"
    assert (finding.line, finding.column) == (4, 1)
    assert finding.path == "/title"
    assert result.document is not None
    assert result.document.data == {"title": "One", "year": 2021}
    assert result.document.positions["/title"] == (1, 8)
    assert result.document.key_positions["/title"] == (1, 1)


def test_duplicate_key_in_a_nested_flow_mapping() -> None:
    result = load("outer:\n  - {a: 1, b: 2, a: {deep: 3}}\n")
    finding = only(result, "yaml-duplicate-key")
    assert (finding.line, finding.column, finding.path) == (2, 18, "/outer/0/a")
    assert result.document is not None
    assert result.document.data == {"outer": [{"a": 1, "b": 2}]}
    assert "/outer/0/a/deep" not in result.document.positions


def test_every_repeat_of_a_key_is_reported() -> None:
    result = load("k: 1\nk: 2\nk: 3\n")
    assert [(f.rule, f.line) for f in result.findings] == [
        ("yaml-duplicate-key", 2),
        ("yaml-duplicate-key", 3),
    ]
    assert "first on line 1, again on line 3" in result.findings[1].message


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("1: a\nok: b\n", 1, 1, "'1' is read as a number"),
        ("ok: b\ntrue: a\n", 2, 1, "'true' is read as true/false"),
        ("ok: b\n~: a\n", 2, 1, "empty or null"),
        ("ok: b\n? [x, y]\n: a\n", 2, 3, "not a list"),
        ("ok: b\n{k: v}: a\n", 2, 1, "not a mapping"),
        ("ok: b\n1.5: a\n", 2, 1, "'1.5' is read as a number"),
    ],
)
def test_keys_must_be_text(text: str, line: int, column: int, words: str) -> None:
    result = load(text)
    finding = only(result, "yaml-key-type")
    assert (finding.line, finding.column) == (line, column)
    assert words in finding.message
    assert result.document is not None
    assert result.document.data == {"ok": "b"}  # the member with the bad key is left out


def test_quoted_numbers_and_yaml11_words_are_fine_as_keys() -> None:
    assert data("'1': a\nno: b\non: c\n\"true\": d\n") == {
        "1": "a",
        "no": "b",
        "on": "c",
        "true": "d",
    }


# --------------------------------------------------------------------------- anchors and aliases


def test_anchor_and_alias_are_refused_where_they_stand(both_parsers: str) -> None:
    result = load("base: &shared\n  x: 1\nother: *shared\n")
    assert result.document is None
    assert [(f.rule, f.line, f.column) for f in result.findings] == [
        ("yaml-alias", 1, 7),
        ("yaml-alias", 3, 8),
    ]
    assert "'&shared'" in result.findings[0].message
    assert "'*shared'" in result.findings[1].message


def test_anchor_alone_is_refused() -> None:
    result = load("a: &name text\n")
    finding = only(result, "yaml-alias")
    assert (finding.line, finding.column) == (1, 4)
    assert result.document is None


def test_alias_to_nothing_is_refused_not_a_crash() -> None:
    result = load("a: *undefined\n")
    finding = only(result, "yaml-alias")
    assert (finding.line, finding.column) == (1, 4)


def test_ampersand_and_asterisk_inside_text_are_fine() -> None:
    assert data("a: Q&A *draft* notes\nb: '*quoted*'\n") == {
        "a": "Q&A *draft* notes",
        "b": "*quoted*",
    }


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused(both_parsers: str) -> None:
    assert len(BILLION_LAUGHS) < 400
    result = load(BILLION_LAUGHS)
    assert result.document is None
    assert set(rules(result)) == {"yaml-alias"}
    assert len(result.findings) == 10  # reported one by one up to a cap ...
    assert "(and 71 more anchors or aliases)" in result.findings[-1].message  # ... then counted


# --------------------------------------------------------------------------- bounds


def test_ten_thousand_deep_flow_nesting_is_refused_without_recursion(both_parsers: str) -> None:
    text = "a: " + "[" * 10_000 + "]" * 10_000 + "\n"
    result = load(text)
    finding = only(result, "yaml-too-deep")
    assert result.document is None
    assert (finding.line, finding.column) == (1, 4 + 63)  # the 65th level opens there
    assert "64 levels" in finding.message


def test_deep_block_nesting_is_refused_at_the_limit() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(6))
    assert load(text, limits=Limits(max_depth=6)).document is not None
    finding = only(load(text, limits=Limits(max_depth=5)), "yaml-too-deep")
    assert (finding.line, finding.column) == (6, 11)
    assert finding.path == "/k0/k1/k2/k3/k4"


def test_too_large_is_refused_before_parsing() -> None:
    result = load(b"a: " + b"x" * 100, limits=Limits(max_bytes=50))
    finding = only(result, "yaml-too-large")
    assert "103 bytes" in finding.message and "50" in finding.message
    assert result.document is None


def test_default_limits() -> None:
    limits = yamlload.DEFAULT_LIMITS
    assert (limits.max_bytes, limits.max_depth, limits.max_string) == (2 * 1024 * 1024, 64, 1 << 20)


def test_overlong_text_is_refused() -> None:
    result = load("short: abc\nlong: abcdefghij\n", limits=Limits(max_string=5))
    finding = only(result, "yaml-string-too-long")
    assert (finding.line, finding.column, finding.path) == (2, 7, "/long")
    assert result.document is None


def test_overlong_key_is_refused() -> None:
    result = load("abcdefghij: 1\n", limits=Limits(max_string=5))
    assert only(result, "yaml-string-too-long").line == 1


# --------------------------------------------------------------------------- encodings


def test_utf8_bom_is_accepted_and_not_counted() -> None:
    document = doc(b"\xef\xbb\xbftitle: x\n")
    assert document.data == {"title": "x"}
    assert document.key_positions["/title"] == (1, 1)
    assert document.text == "title: x\n"


def test_crlf_line_ends_are_accepted() -> None:
    document = doc(b"a: 1\r\nb: |\r\n  one\r\n  two\r\nc: [x,\r\n  y]\r\n")
    assert document.data == {"a": 1, "b": "one\ntwo\n", "c": ["x", "y"]}
    assert document.positions["/c/1"] == (6, 3)


@pytest.mark.parametrize(
    "raw",
    [
        "title: x\n".encode("utf-16"),
        "title: x\n".encode("utf-16-le"),
        "title: x\n".encode("utf-16-be"),
        "title: x\n".encode("utf-32"),
    ],
)
def test_utf16_and_utf32_are_refused(raw: bytes) -> None:
    result = load(raw)
    finding = only(result, "yaml-encoding")
    assert (finding.line, finding.column) == (1, 1)
    assert "UTF-16" in finding.message
    assert result.document is None


def test_latin1_is_refused_at_the_first_bad_byte() -> None:
    result = load("title: ok\nplace: Caf\xe9 Nero\n".encode("latin-1"))
    finding = only(result, "yaml-encoding")
    assert (finding.line, finding.column) == (2, 11)
    assert "0xE9" in finding.message
    assert result.document is None


def test_bad_byte_column_counts_the_characters_before_it() -> None:
    result = load("k: é€".encode() + b"\xff\n")
    finding = only(result, "yaml-encoding")
    assert (finding.line, finding.column) == (1, 6)


def test_encoded_surrogate_is_named_as_a_bad_character() -> None:
    result = load(b"a: ok\nb: x\xed\xa0\x80\n")
    finding = only(result, "yaml-bad-character")
    assert (finding.line, finding.column) == (2, 5)
    assert "U+D800 (a lone surrogate)" in finding.message


# --------------------------------------------------------------------------- empty, not a mapping


@pytest.mark.parametrize(
    "text", ["", "\n\n", "   \n", "# only a comment\n# and another\n", "---\n"]
)
def test_empty_file(text: str) -> None:
    result = load(text)
    finding = only(result, "yaml-empty")
    assert (finding.line, finding.column) == (1, 1)
    assert result.document is None


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [("- a\n- b\n", 1, "a list"), ("# c\njust text\n", 2, "a single value"), ("~\n", 1, "single")],
)
def test_root_must_be_a_mapping(text: str, line: int, words: str) -> None:
    result = load(text)
    finding = only(result, "yaml-not-mapping")
    assert finding.line == line
    assert words in finding.message
    assert result.document is None


def test_second_document_is_reported_and_ignored() -> None:
    result = load("a: 1\n---\nb: 2\n")
    finding = only(result, "yaml-multiple-documents")
    assert (finding.line, finding.column) == (2, 1)
    assert result.document is not None
    assert result.document.data == {"a": 1}


# --------------------------------------------------------------------------- tabs


def test_tab_indentation_is_named_instead_of_the_parser_error() -> None:
    result = load("title: x\nmeta:\n\tyear: 2021\n")
    finding = only(result, "yaml-tab-indent")
    assert (finding.line, finding.column) == (3, 1)
    assert result.document is None


def test_tab_after_spaces_is_found_at_its_column() -> None:
    result = load("meta:\n  year: 2021\n  \tmonth: 5\n")
    finding = only(result, "yaml-tab-indent")
    assert (finding.line, finding.column) == (3, 3)


def test_tab_indentation_the_parser_accepts_is_still_reported() -> None:
    result = load("a: [1,\n\t2]\nb: [3,\n\t4]\n")
    assert [(f.rule, f.line, f.column) for f in result.findings] == [
        ("yaml-tab-indent", 2, 1),
        ("yaml-tab-indent", 4, 1),
    ]
    assert result.document is not None
    assert result.document.data == {"a": [1, 2], "b": [3, 4]}


def test_tabs_inside_a_block_of_text_are_content() -> None:
    assert data("code: |\n  first\n  \tindented\nnext: 1\n") == {
        "code": "first\n\tindented\n",
        "next": 1,
    }
    assert data("a: x\tand\ty\n") == {"a": "x\tand\ty"}


# --------------------------------------------------------------------------- syntax errors


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("title: A\nsummary\nnext: b\n", 3, 1, "missing the ':' between key and value"),
        ("a: b: c\n", 1, 5, "text that contains ': ' must be quoted"),
        ("a:\n  b: 1\n c: 2\n", 3, 2, "indented wrongly"),
        ("- a\nb: 1\n", 2, 1, "every '-' of one list must start in the same column"),
        ("a: [1, 2\nb: 1\n", 2, 2, "missing a ',' between items or its closing ']'"),
        ("a: {x: 1\n", 2, 1, "missing a ',' between entries or its closing '}'"),
        ('a: "open\n', 2, 1, "ends before a quoted text"),
        ("a: @x\n", 1, 4, "put the value in quotes"),
        ('a: "\\q"\n', 1, 5, "unknown escape"),
    ],
)
def test_syntax_error_position_and_plain_message(
    text: str, line: int, column: int, words: str
) -> None:
    result = load(text)
    finding = only(result, "yaml-syntax")
    assert (finding.line, finding.column) == (line, column)
    assert words in finding.message
    assert result.document is None


def test_syntax_message_points_to_where_the_entry_started() -> None:
    finding = only(load("title: A\nsummary\nnext: b\n"), "yaml-syntax")
    assert "starts on line 2" in finding.message
    assert "[parser: could not find expected ':']" in finding.message


# --------------------------------------------------------------------------- bad characters


@pytest.mark.parametrize(
    ("text", "line", "column", "name"),
    [
        ("a: ok\nb: x\x07y\n", 2, 5, "U+0007 (a control character)"),
        ("a: ok\nb: \ufffe\n", 2, 4, "U+FFFE (a non-character)"),
        ("a: x\u0085y\n", 1, 5, "U+0085 (NEXT LINE"),
        ("a: 1\nlong: text\u2028more\n", 2, 11, "U+2028 (LINE SEPARATOR"),
        ("a: 'x\u2029'\n", 1, 6, "U+2029 (PARAGRAPH SEPARATOR"),
        ("a: x\x7f\n", 1, 5, "U+007F (a control character)"),
        ("a: x\x00\n", 1, 5, "U+0000 (a control character)"),
        ("a: \uffff\n", 1, 4, "U+FFFF (a non-character)"),
    ],
)
def test_bad_characters_are_named_at_their_position(
    text: str, line: int, column: int, name: str, both_parsers: str
) -> None:
    finding = only(load(text), "yaml-bad-character")
    assert (finding.line, finding.column) == (line, column)
    assert name in finding.message


def test_file_with_a_harmless_bad_character_still_loads() -> None:
    result = load('a: "x\u0085y"\nb: 2\n')
    assert only(result, "yaml-bad-character").column == 6
    assert result.document is not None
    assert result.document.data["b"] == 2


def test_every_bad_character_is_reported_up_to_a_cap() -> None:
    result = load("a: " + "\x07" * 25 + "\n")
    assert rules(result) == ["yaml-bad-character"] * 10
    assert [f.column for f in result.findings] == list(range(4, 14))
    assert "(and 15 more such characters)" in result.findings[-1].message


def test_bad_character_made_by_an_escape_is_reported_at_the_text() -> None:
    result = load('a: ok\nb: "bell\\a and \\N"\n')
    assert [(f.rule, f.line, f.column, f.path) for f in result.findings] == [
        ("yaml-bad-character", 2, 4, "/b"),
        ("yaml-bad-character", 2, 4, "/b"),
    ]
    assert "U+0007" in result.findings[0].message
    assert "U+0085" in result.findings[1].message


# --------------------------------------------------------------------------- tags


@pytest.mark.parametrize(
    ("text", "column", "words"),
    [
        ("a: ok\nb: !custom x\n", 4, "'!custom' is not allowed"),
        ("a: ok\nb: !!binary aGk=\n", 4, "'!!binary' is not allowed"),
        ("a: ok\nb: !!int twelve\n", 4, "'!!int' does not fit the value 'twelve'"),
        ("a: ok\nb: !!set {x, y}\n", 4, "'!!set' is not allowed"),
        ("a: ok\nb: !!map [x]\n", 4, "'!!map' is not allowed"),
    ],
)
def test_tags_other_than_core_are_reported(text: str, column: int, words: str) -> None:
    finding = only(load(text), "yaml-tag")
    assert (finding.line, finding.column, finding.path) == (2, column, "/b")
    assert words in finding.message


# --------------------------------------------------------------------------- files


def test_load_file_reads_a_record(tmp_path: Path) -> None:
    path = tmp_path / "r.yaml"
    path.write_bytes(b"title: x\ntitle: y\n")
    result = load_file(path)
    assert result.document is not None
    assert result.document.data == {"title": "x"}
    assert [(f.rule, f.file) for f in result.findings] == [("yaml-duplicate-key", str(path))]


@pytest.mark.parametrize("make", ["missing", "directory"])
def test_unreadable_file_is_a_finding(tmp_path: Path, make: str) -> None:
    path = tmp_path / "r.yaml"
    if make == "directory":
        path.mkdir()
    result = load_file(path)
    assert result.document is None
    finding = result.findings[0]
    assert [f.rule for f in result.findings] == ["file-unreadable"]
    assert finding.file == str(path)
    assert finding.message.startswith(f"cannot read {path}: ")
    assert finding.severity is Severity.ERROR


def test_load_file_refuses_a_large_file_without_reading_it_all(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: " + b"x" * 5000 + b"\n")
    result = load_file(path, limits=Limits(max_bytes=100))
    finding = only_rule(result, "yaml-too-large")
    assert "5,004 bytes" in finding.message


def only_rule(result: LoadResult, rule: str) -> Finding:
    assert [f.rule for f in result.findings] == [rule]
    return result.findings[0]


def test_a_realistic_record_loads_cleanly() -> None:
    items = "".join(
        f"  - id: R{i}\n"
        f'    text: "Leaders should make sure prisoners have {i} hours out of cell."\n'
        "    status: achieved\n"
        "    areas: [safety, respect]\n"
        "    notes: |\n"
        "      The prison had a new regime.\n"
        "      Prisoners said: it is too short.\n"
        for i in range(120)
    )
    text = f"title: Report\npublished: 2025-03-01\nitems:\n{items}"
    assert len(text) > 20_000
    document = doc(text)
    assert len(document.data["items"]) == 120
    assert document.data["items"][119]["areas"] == ["safety", "respect"]
    assert document.positions["/items/119/status"][1] == 13
