"""The SVG charts: valid XML, labelled for assistive technology, escaped, self-contained."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from mufakat.monitoring import charts

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def _assert_labelled(root: ET.Element, chart_id: str) -> None:
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == f"{chart_id}-title {chart_id}-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == f"{chart_id}-title" and title.text
    assert desc is not None and desc.get("id") == f"{chart_id}-desc" and desc.text


def test_stacked_bars_are_valid_svg_with_title_desc_and_a_legend() -> None:
    markup = charts.stacked_bars(
        [("1. Counter-terrorism", {"completed": 3, "delayed": 1}), ("2. Cyber", {})],
        segments=charts.status_segments(),
        title="Status",
        desc="Counts per area",
        chart_id="c1",
    )
    root = _parse(markup)
    _assert_labelled(root, "c1")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Completed" in texts and "Not reported" in texts  # the legend
    fills = {r.get("fill") for r in root.iter(f"{SVG}rect")}
    assert charts.STATUS_COLOURS["completed"] in fills
    assert "style" not in markup and "<script" not in markup  # CSP: no inline style or script


def test_labels_are_escaped() -> None:
    markup = charts.percent_bars(
        [('<IDN & "co">', 40.0), ("JPN", None)],
        title="Completion <per> party & more",
        desc="d",
        chart_id="c2",
    )
    root = _parse(markup)
    assert root.find(f"{SVG}title").text == "Completion <per> party & more"
    assert "no data" in markup


def test_line_chart_draws_gaps_for_missing_values() -> None:
    markup = charts.line_chart(
        ["2023", "2024", "2025"],
        [("Completion", [10.0, None, 30.0]), ("On time", [50.0, 60.0, 70.0])],
        title="Trend",
        desc="Across rounds",
        chart_id="c3",
    )
    root = _parse(markup)
    _assert_labelled(root, "c3")
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 1  # the first series has no two consecutive points
    assert len(list(root.iter(f"{SVG}circle"))) == 5


@pytest.mark.parametrize("rows", [[], [("Only", {"on_track": 1})]])
def test_a_chart_with_few_rows_is_still_valid(rows: list) -> None:
    _parse(
        charts.stacked_bars(
            rows, segments=charts.status_segments(), title="t", desc="d", chart_id="c4"
        )
    )


def test_every_status_colour_has_enough_contrast_with_white() -> None:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in [*charts.STATUS_COLOURS.values(), *charts.SERIES_COLOURS]:
        assert 1.05 / (luminance(colour) + 0.05) >= 4.5, colour
