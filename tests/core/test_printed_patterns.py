"""What printed text must not look like: numbers typed at the start of a paragraph, and link
text that is a bare address."""

from __future__ import annotations

from hmip_docs.core import printed_patterns


def test_typed_number_patterns() -> None:
    for text in ("1.1 The", "1.1. The", "2. The", "2) The", "(3) The", "\t4.2\tThe", "12.3.4 x"):
        assert printed_patterns.TYPED_NUMBER.match(text), text
    for text in ("13 responses", "2021/2022 was", "Q1: Taking", "The 2. item", "1st of", "2.5%"):
        assert not printed_patterns.TYPED_NUMBER.match(text), text


def test_bare_address_patterns() -> None:
    for text in (
        "https://a.org/x",
        "www.gov.uk",
        "gov.uk/hmip",
        "info@justice.gov.uk",
        " http://a ",
    ):
        assert printed_patterns.BARE_ADDRESS.match(text), text
    for text in ("our corporate plan", "GOV.UK website", "e.g.", "node.js", "1.1"):
        assert not printed_patterns.BARE_ADDRESS.match(text), text
