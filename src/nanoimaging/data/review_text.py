"""The review's own text, for checking that the data quotes it verbatim and points at the right line.

The text is the plain-text extraction kept with the data
(``data/review/de-maar-2020-theranostics.txt``, CC BY 4.0, see its README; ``datapackage.json``
names it as ``reviewText``). A quote matches when it occurs in the text after every run of
whitespace (line breaks included) is collapsed to one space on both sides.

>>> text = ReviewText.from_string("Line one\\n ends here.\\nLine three.")
>>> text.start_lines("one ends here")
[1]
>>> text.start_lines("not there")
[]
"""

from __future__ import annotations

import bisect
import re
from functools import cached_property
from pathlib import Path

_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Every run of whitespace as one space, no space at either end."""
    return " ".join(text.split())


class ReviewText:
    """The review's text, searchable for verbatim quotes, with line numbers."""

    def __init__(self, raw: str, path: Path | None = None) -> None:
        self.raw = raw
        self.path = path

    @classmethod
    def from_file(cls, path: str | Path) -> ReviewText:
        path = Path(path)
        return cls(path.read_text(encoding="utf-8"), path)

    @classmethod
    def from_string(cls, raw: str) -> ReviewText:
        return cls(raw)

    @cached_property
    def _collapsed(self) -> tuple[str, list[int], list[int]]:
        """The collapsed text, the raw offset of each of its characters, and the raw offset of each line start."""
        chars, offsets = [], []
        for match in re.finditer(r"\S+", self.raw):
            if chars:
                chars.append(" ")
                offsets.append(match.start())
            chars.extend(match.group())
            offsets.extend(range(match.start(), match.end()))
        line_starts = [0] + [m.end() for m in re.finditer(r"\n", self.raw)]
        return "".join(chars), offsets, line_starts

    def start_lines(self, quote: str) -> list[int]:
        """The lines (1-based) where ``quote`` starts, once for each place it occurs; empty if it does not."""
        text, offsets, line_starts = self._collapsed
        wanted = normalise(quote)
        if not wanted:
            return []
        found, start = [], text.find(wanted)
        while start >= 0:
            found.append(bisect.bisect_right(line_starts, offsets[start]))
            start = text.find(wanted, start + 1)
        return found

    def contains(self, quote: str) -> bool:
        return bool(self.start_lines(quote))
