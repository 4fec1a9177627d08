"""The controlled vocabularies used by every stage."""
from __future__ import annotations

#: Stance categories, in the codebook's precedence order for the primary label.
CATEGORIES = ("threat", "red_line", "demand", "concession", "other")

#: Parties with a fixed short English name. Other countries are added by their
#: common short name (``country_converter``'s ``name_short``), e.g. ``Germany``.
CORE_PARTIES = ("US", "Russia", "NATO", "Ukraine", "EU", "OSCE", "UN", "UK", "China",
                "Germany", "France", "Poland")
#: Analysts and experts speaking for themselves.
INDEPENDENT = "independent"
#: A statement that expresses no party's position (narration, background).
NO_PARTY = "none"
#: A source whose party cannot be told from the text.
UNKNOWN_PARTY = "unknown"

#: How a statement reaches the reader.
ATTRIBUTIONS = ("direct_quote", "reported", "narration", "transcript")


def is_party_name(name: str) -> bool:
    """True if ``name`` is a legal value of the ``party`` column.

    Core parties and the special values are always legal; any other value must
    be a country's short name known to ``country_converter`` or a party added
    by a corpus ``actors.csv`` (checked by the actors module).
    """
    return name in CORE_PARTIES or name in (INDEPENDENT, NO_PARTY, UNKNOWN_PARTY)
