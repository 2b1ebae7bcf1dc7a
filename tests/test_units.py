import math

import pytest

from nanoimaging.data.units import LabelError, ParsedLabel, format_metres, parse_length_label, to_metres


@pytest.mark.parametrize(
    ("label", "qualifier", "low", "high"),
    [
        ("~4 mm", "approximate", 4e-3, 4e-3),
        ("~10mm", "approximate", 1e-2, 1e-2),
        ("< 1 mm", "upper-bound", None, 1e-3),
        ("~0.1 mm", "approximate", 1e-4, 1e-4),
        ("50-500 μm", "range", 5e-5, 5e-4),  # Greek small letter mu
        ("1 µm", "exact", 1e-6, 1e-6),  # micro sign
        ("1 μm - 1 mm", "range", 1e-6, 1e-3),
        ("Sub-μm", "upper-bound", None, 1e-6),
        ("Subcellular", "qualitative", None, None),
        ("Whole body", "whole-body", None, None),
        ("Not applicable", "not-applicable", None, None),
        ("~ 30 cm", "approximate", 0.3, 0.3),
        ("1 - 20 mm", "range", 1e-3, 2e-2),
        ("10\u201320 um", "range", 1e-5, 2e-5),  # en dash, ASCII u
    ],
)
def test_printed_labels_parse_to_metres(label, qualifier, low, high):
    parsed = parse_length_label(label)
    assert parsed.agrees_with(qualifier, low, high), parsed


@pytest.mark.parametrize(
    ("label", "reason"),
    [
        ("50-500 mn", "unknown unit"),
        ("~5 ms", "not a length"),
        ("4", "no length unit"),
        ("about four mm", "cannot read"),
        ("", "empty"),
    ],
)
def test_unreadable_labels_say_why(label, reason):
    with pytest.raises(LabelError, match=reason):
        parse_length_label(label)


def test_agreement_tolerates_float_rounding_only():
    parsed = ParsedLabel("approximate", 1e-4, 1e-4)
    assert parsed.agrees_with("approximate", 0.1 * 0.001, 0.0001)
    assert not parsed.agrees_with("approximate", 1.01e-4, 1e-4)
    assert not parsed.agrees_with("exact", 1e-4, 1e-4)
    assert not parsed.agrees_with("approximate", None, 1e-4)


def test_to_metres_and_back():
    assert math.isclose(to_metres("30 cm"), 0.3)
    assert format_metres(5e-5) == "50 µm"
    assert format_metres(0.3) == "30 cm"
    assert format_metres(1e-3) == "1 mm"
    assert format_metres(1.0) == "1 m"
