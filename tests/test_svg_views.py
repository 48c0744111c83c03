"""The explorers' SVG pictures (helpers.svg, helpers.svg_views) and the label placer they share with
the notebook's word map (word_maps.label_places): read back from the SVG, every point sits where its
coordinates say, no label covers another label, a point or the legend, the position table's cells
have the colours of its numbers and the curves follow their values."""

from __future__ import annotations

import base64
import io
import itertools
import xml.etree.ElementTree as ET

import matplotlib
import matplotlib.image
import numpy as np
import pytest

from helpers import embeddings as E
from helpers import i18n, svg, svg_views
from helpers.plots.positions import query_label
from helpers.style import MARKERS
from helpers.word_maps import LABEL_GAPS, label_places

SVG = "{http://www.w3.org/2000/svg}"


def parse(view: str) -> ET.Element:
    """The <svg> element of an explorer's picture (the HTML around it is one <div>)."""
    root = ET.fromstring(view)
    assert root.tag == "div" and root.get("class") == "t2t-figure" and root.get("role") == "img"
    return root.find(f"{SVG}svg")


def numbers(text: str) -> np.ndarray:
    return np.array([[float(v) for v in pair.split(",")] for pair in text.split()])


def centre(shape: ET.Element) -> tuple[float, float]:
    if shape.tag.endswith("circle"):
        return float(shape.get("cx")), float(shape.get("cy"))
    return tuple(numbers(shape.get("points")).mean(axis=0))  # every marker is symmetric round its centre


def linear_fit(x, y) -> tuple[float, float]:
    """Slope of y against x, and the largest distance of a point from that line."""
    slope, intercept = np.polyfit(x, y, 1)
    return slope, float(np.abs(np.polyval([slope, intercept], x) - y).max())


def boxes_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


# --- the label placer -------------------------------------------------------------------------------


def test_a_lone_label_goes_right_of_its_point_and_moves_only_when_it_must():
    frame = (0, 0, 200, 100)
    [place] = label_places([(50, 50)], [(20, 10)], frame, radius=5)
    assert (place.x, place.y) == (50 + 5 + LABEL_GAPS[0] + 10, 50) and place.line_to is None
    # at the right edge there is no room to the right: the label goes left
    [place] = label_places([(190, 50)], [(20, 10)], frame, radius=5)
    assert place.x < 190 and place.y == 50
    # a taken box (a legend) on both sides pushes it further out, with a line back to the point
    taken = [(40, 30, 120, 70), (-100, 30, 40, 70), (30, 55, 70, 100), (30, 0, 70, 45)]
    [place] = label_places([(50, 50)], [(20, 10)], frame, taken, radius=5)
    box = (place.x - 10, place.y - 5, place.x + 10, place.y + 5)
    assert not any(boxes_overlap(box, t) for t in taken) and place.line_to is not None
    assert box[0] <= place.line_to[0] <= box[2] and box[1] <= place.line_to[1] <= box[3]


def test_labels_never_cover_each_other_and_the_unit_scales_the_gaps():
    points = [(100, 50), (100, 50), (100, 50)]  # three words at one spot
    places = label_places(points, [(30, 10)] * 3, (0, 0, 300, 100), radius=4)
    boxes = [(p.x - 15, p.y - 5, p.x + 15, p.y + 5) for p in places]
    assert not any(boxes_overlap(a, b) for a, b in itertools.combinations(boxes, 2))
    [small] = label_places([(100, 50)], [(30, 10)], (0, 0, 300, 100), radius=4, unit=1)
    [large] = label_places([(100, 50)], [(30, 10)], (0, 0, 300, 100), radius=4, unit=2)
    assert large.x - small.x == LABEL_GAPS[0]


# --- the word map -----------------------------------------------------------------------------------


def crowded():
    rng = np.random.default_rng(0)
    centres = [(0, 0), (0.6, 0.2), (5, 5), (-4, 3)]
    xy = np.vstack([c + rng.normal(scale=0.25, size=(9, 2)) for c in centres])
    words = [f"word{i:02d}" for i in range(len(xy))]
    labels = [f"group {i // 9}" for i in range(len(xy))]
    return xy, words, labels


def test_word_map_puts_every_point_where_its_coordinates_say():
    xy, words, labels = crowded()
    root = parse(svg_views.word_map_svg(xy, words, labels, title="crowded", alt="map"))
    points = root.findall(f"{SVG}g[@class='t2t-point']")
    assert [p.get("data-word") for p in points] == words
    assert [p.get("data-group") for p in points] == labels
    at = np.array([centre(p[0]) for p in points])
    slope_x, off_x = linear_fit(xy[:, 0], at[:, 0])
    slope_y, off_y = linear_fit(xy[:, 1], at[:, 1])
    assert slope_x > 0 and slope_y < 0 and off_x < 0.01 and off_y < 0.01  # y grows upwards
    assert slope_x == pytest.approx(-slope_y, rel=0.5)  # roughly the same scale both ways
    # one marker shape per group, in the series' order
    first = [p[0] for p in points[::9]]
    assert MARKERS[:4] == ["o", "s", "^", "D"] and first[0].tag == f"{SVG}circle"
    assert [len(numbers(m.get("points"))) for m in first[1:]] == [4, 3, 4]  # square, triangle, diamond
    assert first[1].get("points") != first[3].get("points")
    legend = [t.text for t in root.findall(f"{SVG}text") if t.text and t.text.startswith("group ")]
    assert legend == [f"group {g} (9)" for g in range(4)]


def test_word_map_labels_cover_no_label_no_point_and_not_the_legend():
    xy, words, labels = crowded()
    root = parse(svg_views.word_map_svg(xy, words, labels, title="crowded", alt="map"))
    frame = root.find(f"{SVG}rect[@stroke='#555555']")
    fx0, fy0 = float(frame.get("x")), float(frame.get("y"))
    fx1, fy1 = fx0 + float(frame.get("width")), fy0 + float(frame.get("height"))
    legend = root.find(f"{SVG}rect[@class='t2t-legend']")
    lx0, ly0 = float(legend.get("x")), float(legend.get("y"))
    legend_box = (lx0, ly0, lx0 + float(legend.get("width")), ly0 + float(legend.get("height")))
    texts = root.findall(f"{SVG}text[@class='t2t-word']")
    assert [t.text for t in texts] == words
    boxes = []
    for t in texts:
        w, h = svg.text_width(t.text, 9), svg.line_height(9)
        x, y = float(t.get("x")), float(t.get("y"))
        assert t.get("text-anchor") == "middle" and t.get("dominant-baseline") == "central"
        boxes.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    for a, b in itertools.combinations(boxes, 2):
        assert not boxes_overlap(a, b)
    points = [centre(p[0]) for p in root.findall(f"{SVG}g[@class='t2t-point']")]
    for box in boxes:
        assert fx0 <= box[0] and box[2] <= fx1 and fy0 <= box[1] and box[3] <= fy1
        assert not boxes_overlap(box, legend_box)
        for px, py in points:
            assert not (box[0] - 3 < px < box[2] + 3 and box[1] - 3 < py < box[3] + 3)
    assert fx0 <= legend_box[0] and legend_box[2] <= fx1  # the legend inside the frame too


def test_word_map_writes_any_word_safely_and_speaks_the_learners_language(monkeypatch):
    words = ["a<b", "o'neil", "x&y", 'say "hi"']
    view = svg_views.word_map_svg([(0, 0), (1, 1), (2, 0), (1, -1)], words, ["numbers"] * 4,
                                  title="t <1>", alt="map of <words>")
    root = parse(view)  # well-formed: everything is escaped
    assert [p.get("data-word") for p in root.findall(f"{SVG}g[@class='t2t-point']")] == words
    assert [t.text for t in root.findall(f"{SVG}text[@class='t2t-word']")] == words
    assert ET.fromstring(view).get("aria-label") == "map of <words>"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "numbers (4)" in texts and "dimension 1 of the projection" in texts and "t <1>" in texts
    monkeypatch.setenv(i18n.ENVIRONMENT_VARIABLE, "zh_CN")
    view = svg_views.word_map_svg([(0, 0), (1, 1)], ["one", "two"], ["numbers"] * 2, title="t", alt="a")
    texts = [t.text for t in parse(view).iter(f"{SVG}text")]
    assert i18n.gettext("numbers") != "numbers"  # the Chinese catalogue is in use
    assert i18n.gettext("dimension 1 of the projection") in texts
    assert f"{i18n.gettext('numbers')} (2)" in texts


# --- the positions explorer -------------------------------------------------------------------------


def image_values(element: ET.Element) -> np.ndarray:
    href = element.get("href")
    assert href.startswith("data:image/png;base64,")
    return matplotlib.image.imread(io.BytesIO(base64.b64decode(href.split(",", 1)[1])), format="png")


@pytest.mark.parametrize("kind", ["learned", "sinusoidal", "rotary"])
def test_positions_picture_colours_each_cell_by_its_number(kind):
    n, d = 12, 8
    table = E.rope_angles(n, d) if kind == "rotary" else E.position_table(kind, n, d, 123)
    queries, span = E.explorer_queries(n)
    curves = E.causal_curves(E.position_scores(kind, n, d, 123), queries, span)
    root = parse(svg_views.positions_svg(kind, table, curves, ylabel="score", alt="a"))
    cells, bar = root.findall(f"{SVG}image")
    a = table.detach().numpy().astype(float)
    if kind == "rotary":
        expected = matplotlib.colormaps["twilight"](np.mod(a, 2 * np.pi) / (2 * np.pi))
    else:
        limit = abs(a).max()
        expected = matplotlib.colormaps["PuOr"]((a + limit) / (2 * limit))
    got = image_values(cells)
    assert got.shape == (n, a.shape[1], 4)  # one pixel per cell: row = position, column = dimension/pair
    assert np.abs(got - expected).max() <= 1.5 / 255
    assert image_values(bar).shape == (256, 1, 4)
    assert cells.get("style") == "image-rendering:pixelated"


def test_positions_picture_draws_each_curve_through_its_values():
    n, d = 32, 16
    queries, span = E.explorer_queries(n)
    curves = E.causal_curves(E.position_scores("sinusoidal", n, d, 123), queries, span)
    root = parse(svg_views.positions_svg("sinusoidal", E.sinusoidal_encoding(n, d), curves,
                                         ylabel="score q.k / sqrt(d)", alt="a"))
    drawn = root.findall(f"{SVG}g[@class='t2t-curve']")
    assert [g.get("data-query") for g in drawn] == [query_label(m) for m in queries]
    slopes = []
    for g, values in zip(drawn, curves.curves.values(), strict=True):
        line = numbers(g.find(f"{SVG}polyline").get("points"))
        assert len(line) == len(curves.distance) == len(g) - 1  # one marker per point
        slope_x, off_x = linear_fit(curves.distance, line[:, 0])
        slope_y, off_y = linear_fit(values, line[:, 1])
        assert slope_x > 0 and slope_y < 0 and off_x < 0.01 and off_y < 0.01
        slopes.append(slope_y)
    assert max(slopes) == pytest.approx(min(slopes), rel=1e-3)  # one y axis for the three curves
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "score q.k / sqrt(d)" in texts and f"largest gap between the curves: {curves.max_gap:.2f}" in texts
    assert [g.get("stroke-dasharray") for g in root.findall(f"{SVG}g/{SVG}polyline")] == \
        [None, svg_views.DASHES["--"], svg_views.DASHES[":"]]  # solid, dashed, dotted: as the notebook's


# --- the pieces -------------------------------------------------------------------------------------


def test_ticks_are_round_numbers_inside_the_range():
    assert svg.ticks(0, 63, integer=True) == [0, 15, 30, 45, 60]
    values = svg.ticks(-0.93, 0.87)
    assert all(-0.93 <= v <= 0.87 for v in values) and 3 <= len(values) <= 7 and 0.0 in values
    assert [svg.tick_label(v) for v in (20.0, 0.5, -1.25, -0.0)] == ["20", "0.5", "-1.25", "0"]


def test_text_is_measured_in_the_figures_font():
    assert svg.text_width("mmmm", 9) > svg.text_width("iiii", 9) > 0
    assert svg.text_width("word", 18) == pytest.approx(2 * svg.text_width("word", 9), rel=0.05)
    assert svg.font_families()[0] == matplotlib.rcParams["font.sans-serif"][0]


@pytest.mark.parametrize("shape", MARKERS)
def test_every_marker_of_the_series_is_drawn_round_its_centre(shape):
    element = ET.fromstring(svg.marker(shape, 10, 20, radius=3, fill="red"))
    assert centre(element) == pytest.approx((10, 20), abs=0.35)
