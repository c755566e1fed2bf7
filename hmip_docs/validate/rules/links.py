"""Rules on link addresses: known, and secure."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from hmip_docs.validate.rules.base import Hit, RecordFacts


def address_missing(facts: RecordFacts) -> Iterator[Hit]:
    """A link has an address; without one the document prints its text as plain text. A warning:
    an archived record may have lost an address, which is never guessed (suppress with a reason).

    Passes: ``address: https://www.justiceinspectorates.gov.uk/hmiprobation/``.
    Fails: ``address: ""``.
    """
    for path, link in facts.at("link"):
        if isinstance(link, Mapping) and link.get("address") == "":
            yield Hit(
                f"the link `{path[-1]}` has no address, so its text prints without a link",
                (*path, "address"),
                "add the address, or suppress this finding with the reason it is unknown",
            )


def address_not_https(facts: RecordFacts) -> Iterator[Hit]:
    """A link's address uses https. A warning: plain http is open to tampering.

    Passes: ``https://example.org/``. Fails: ``http://example.org/``.
    """
    for path, link in facts.at("link"):
        address = link.get("address") if isinstance(link, Mapping) else None
        if isinstance(address, str) and address.startswith("http://"):
            yield Hit(
                f"the link `{path[-1]}` uses http, not https",
                (*path, "address"),
                "use the https address",
            )
