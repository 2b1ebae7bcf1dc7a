"""Typesetting of printed text for HTML: what the review set in type that plain text cannot hold.

* Radionuclides print with their mass number raised (¹⁸F, not 18F), as the review sets them;
  the data keeps the plain form, which is what a reader searches for.
* A break may fall after a slash between two words ("co-loaded/labelled"), so that narrow table columns wrap
  between words instead of inside them.

>>> cell_html("NP labelled with 64Cu/89Zr <b>")
'NP labelled with <sup>64</sup>Cu/<wbr><sup>89</sup>Zr &lt;b&gt;'
"""

from __future__ import annotations

import re
from html import escape

#: Element symbols of the radionuclides named in imaging (PET, SPECT, scintigraphy).
RADIONUCLIDE_ELEMENTS = ("C", "N", "O", "F", "Ga", "Cu", "Zr", "In", "I", "Tc", "Lu", "Y", "Rb", "Tl")
_NUCLIDE = re.compile(r"(?<![\w.])(\d{1,3}m?)(" + "|".join(RADIONUCLIDE_ELEMENTS) + r")(?![a-z])")
_SLASH_BETWEEN_WORDS = re.compile(r"(?<=\w)/(?=\w)")
#: The lightest mass number read as a nuclide (carbon-11); smaller numbers before a capital are figure panels.
MIN_MASS_NUMBER = 11


def _raise_mass_number(match: re.Match) -> str:
    number, element = match.groups()
    if int(number.rstrip("m")) < MIN_MASS_NUMBER:
        return match.group(0)  # "2D", "3C" (a figure panel): not a nuclide
    return f"<sup>{number}</sup>{element}"


def cell_html(text: str) -> str:
    """``text`` escaped for HTML, its radionuclides' mass numbers raised and a break allowed after each slash."""
    return _NUCLIDE.sub(_raise_mass_number, _SLASH_BETWEEN_WORDS.sub("/<wbr>", escape(text)))
