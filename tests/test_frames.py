"""readable(): the data's slices as a reader reads them (behaviour, on frames made here)."""

from __future__ import annotations

import pandas as pd
import pytest

from nanoimaging.figures.frames import MISSING, readable
from nanoimaging.figures.typeset import cell_html


def test_lengths_get_their_unit_and_missing_values_a_dash():
    frame = pd.DataFrame(
        {"name": ["a", "b"], "depth_min_m": [1e-6, None], "y_low": [0.05, 3.0], "rank": pd.array([1, None], "Int64")}
    )
    shown = readable(frame, metres=["y_low"])
    assert list(shown["depth_min_m"]) == ["1\u00a0µm", MISSING]
    assert list(shown["y_low"]) == ["5\u00a0cm", "3\u00a0m"]
    assert list(shown["rank"]) == [1, MISSING]
    assert frame["depth_min_m"].iloc[0] == 1e-6  # the frame given is left as it was


def test_a_length_column_the_frame_lacks_is_named():
    with pytest.raises(KeyError, match="no column 'y_high'"):
        readable(pd.DataFrame({"y_low": [1.0]}), metres=["y_high"])


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("18F-FDG", "<sup>18</sup>F-FDG"),
        ("99mTc and 111In", "<sup>99m</sup>Tc and <sup>111</sup>In"),
        ("Fig. 2D, 3C", "Fig. 2D, 3C"),  # figure panels are not nuclides
        ("co-loaded/labelled", "co-loaded/<wbr>labelled"),
        ("<script>", "&lt;script&gt;"),
    ],
)
def test_cell_text_is_escaped_with_nuclides_raised_and_breaks_after_slashes(text, html):
    assert cell_html(text) == html
