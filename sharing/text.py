"""The one rule for text that partners send: NFC, and no invisible or direction-changing characters.

A name or identifier that looks the same must be the same: "Zürich" composed (U+00FC) and decomposed (u + U+0308)
are one record, so every text input is normalised to NFC before it is compared or stored. Characters that change
how text is shown without being seen are refused, as they hide or reorder what a reader sees (a right-to-left
override makes "exe.txt" read "txt.exe"):

- bidirectional controls: U+202A-U+202E (embeddings, overrides), U+2066-U+2069 (isolates), U+200E/U+200F
  (marks), U+061C (Arabic letter mark);
- invisible and zero-width characters: U+200B-U+200D, U+2060 (word joiner), U+FEFF (byte order mark);
- C0 and C1 control characters (U+0000-U+001F, U+007F-U+009F) and the line and paragraph separators
  U+2028/U+2029; free-text fields (a justification, a reason) may hold line breaks and tabs.

Used by the input serializers' text fields (``sharing.api.text_fields``) and, through them, by the fast bulk path
(``sharing.api.row_validation``), so a single write, a bulk row and an all-or-nothing batch refuse the same text.
"""

from __future__ import annotations

import re
import unicodedata

# Character classes written with escapes (not the characters themselves), so that the patterns below can go into
# the OpenAPI schema as readable text.
_INVISIBLE = r"\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff"
_SINGLE_LINE_REFUSED = r"\x00-\x1f\x7f-\x9f\u2028\u2029" + _INVISIBLE
_MULTILINE_REFUSED = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + _INVISIBLE
_SINGLE_LINE = re.compile(f"[{_SINGLE_LINE_REFUSED}]")
_MULTILINE = re.compile(f"[{_MULTILINE_REFUSED}]")
# The same rule as a whole-text pattern, for the OpenAPI schema (clients and fuzzers read it). Non-empty: DRF never
# validates a blank text, and the schema of a field that may be blank adds a branch of its own for "".
SINGLE_LINE_PATTERN = f"^[^{_SINGLE_LINE_REFUSED}]+$"
MULTILINE_PATTERN = f"^[^{_MULTILINE_REFUSED}]+$"


class UnsafeText(ValueError):
    """The text holds a character that is refused; the message names it."""


def clean_text(value: str, *, multiline: bool = False) -> str:
    """``value`` in NFC; raises UnsafeText if it holds a refused character."""
    # ASCII is already NFC; only its C0 controls and DEL can be wrong.
    if value.isascii() and (value.isprintable() or (multiline and not _MULTILINE.search(value))):
        return value
    found = (_MULTILINE if multiline else _SINGLE_LINE).search(value)
    if found:
        char = found.group()
        name = unicodedata.name(char, "control character")
        raise UnsafeText(f"Character U+{ord(char):04X} ({name.lower()}) is not allowed: invisible and "
                         f"direction-changing characters and control characters are refused.")
    return value if unicodedata.is_normalized("NFC", value) else unicodedata.normalize("NFC", value)
