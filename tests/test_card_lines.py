"""Card quads from straight edges: a card whose outline merges with what it lies on."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from pii_scan.signals.card import find_card_quads
from pii_scan.signals.card_lines import line_quads

W, H = 640, 480


def _card_corners(cx: float, cy: float, width: float, angle: float) -> np.ndarray:
    """Corners of an ID-1 card (aspect 1.586) centred at (cx, cy), turned by ``angle`` degrees."""
    h = width / 1.586
    pts = np.array([[-width / 2, -h / 2], [width / 2, -h / 2], [width / 2, h / 2], [-width / 2, h / 2]])
    a = np.radians(angle)
    rot = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    return pts @ rot.T + [cx, cy]


def _flat_card(seed: int) -> np.ndarray:
    """A light ID-1 card face, 600 px wide: rows of printed text and a portrait block."""
    rng = np.random.default_rng(seed)
    card = np.full((378, 600), 228, np.uint8)
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    for row in range(6):
        text = "".join(rng.choice(list(letters), 14))
        cv2.putText(card, text, (30, 70 + 50 * row), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 35, 2, cv2.LINE_AA)
    cv2.rectangle(card, (450, 80), (560, 250), 120, -1)
    return card


def _scene(corners: np.ndarray | None, *, overlap: bool, seed: int = 0) -> np.ndarray:
    """A dark, grainy table; a white cup; optionally a light card over the cup (``overlap``) or beside it."""
    rng = np.random.default_rng(seed)
    img = np.clip(rng.normal(60, 12, (H, W)), 0, 255).astype(np.uint8)
    img = cv2.GaussianBlur(img, (0, 0), 1.5)
    cup = (170, 150) if overlap else (90, 380)
    cv2.circle(img, cup, 120, 232, -1)
    if corners is None:
        return img
    card = _flat_card(seed)
    src = np.float32([[0, 0], [599, 0], [599, 377], [0, 377]])
    m = cv2.getPerspectiveTransform(src, corners.astype(np.float32))
    warped = cv2.warpPerspective(card, m, (W, H), flags=cv2.INTER_AREA)
    mask = cv2.warpPerspective(np.full_like(card, 255), m, (W, H)) > 127
    img[mask] = warped[mask]
    return img


def _near(q: np.ndarray, corners: np.ndarray, tol: float) -> bool:
    """Whether quad ``q`` has a corner within ``tol`` px of each of ``corners``."""
    return all(min(float(np.linalg.norm(p - c)) for p in q) <= tol for c in corners)


@pytest.mark.parametrize("angle", [-8.0, 0.0, 12.0])
def test_a_card_over_a_white_cup_is_rebuilt_from_its_straight_sides(angle: float) -> None:
    corners = _card_corners(330, 250, 300, angle)
    quads = line_quads(_scene(corners, overlap=True))
    assert any(_near(q, corners, 12) for q in quads)


def test_a_grainy_table_with_a_round_cup_gives_no_quad() -> None:
    assert line_quads(_scene(None, overlap=False)) == []


@pytest.mark.parametrize("angle", [-8.0, 12.0])
def test_the_card_finder_falls_back_on_straight_sides_when_the_outline_merged(angle: float) -> None:
    corners = _card_corners(330, 250, 300, angle)
    img = _scene(corners, overlap=True)
    quads = find_card_quads(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB), img, scale=1.0, printed=lambda: 5)
    assert quads
    # the fourth side lies on the cup, where no edge tells an ID-1 card from a passport page's shape
    assert _overlap(np.array(quads[0].corners), corners) >= 0.8


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of two convex quads."""
    inter, _ = cv2.intersectConvexConvex(a.astype(np.float32), b.astype(np.float32))
    union = cv2.contourArea(a.astype(np.float32)) + cv2.contourArea(b.astype(np.float32)) - inter
    return float(inter / union) if union > 0 else 0.0


def test_no_straight_edge_search_without_print_in_the_frame() -> None:
    corners = _card_corners(330, 250, 300, 12.0)
    img = _scene(corners, overlap=True)
    rgb = cv2.cvtColor(img, cv2.COLOR_GRAY2RGB)
    with_print = find_card_quads(rgb, img, scale=1.0, printed=lambda: 5)
    without = find_card_quads(rgb, img, scale=1.0, printed=lambda: 0)
    assert len(without) < len(with_print) or not with_print


@pytest.mark.parametrize(("noise", "asked"), [(0.0, False), (12.0, True)])
def test_straight_edges_are_not_searched_on_a_rendered_screen(
    monkeypatch: pytest.MonkeyPatch, noise: float, asked: bool
) -> None:
    """Every UI panel of a screenshot has four crisp sides: there they would only add panels."""
    import pii_scan.signals.card as card

    calls: list[int] = []
    monkeypatch.setattr(card, "_line_candidates", lambda v: calls.append(1) or [])
    screen = np.full((640, 296), 245, np.uint8)  # a phone screen's working copy, flat, with panels
    for y in range(40, 600, 110):
        cv2.rectangle(screen, (20, y), (276, y + 80), 225, -1)
    rng = np.random.default_rng(1)
    img = np.clip(screen + rng.normal(0, noise, screen.shape), 0, 255).astype(np.uint8) if noise else screen
    find_card_quads(cv2.cvtColor(img, cv2.COLOR_GRAY2RGB), img, scale=4.0, printed=lambda: 10)
    assert bool(calls) is asked


def test_a_card_turned_a_quarter_opens_the_straight_edge_search_with_its_print_running_down() -> None:
    from pii_scan.decode import decode
    from pii_scan.signals import Signals
    from pii_scan.signals.text import find_lines_down, find_text_lines

    corners = _card_corners(330, 250, 300, 98.0)  # its rows of print run down the frame
    img = _scene(corners, overlap=True)
    assert len(find_text_lines(img, scale=1.0)) < 2 <= len(find_lines_down(img, scale=1.0))
    signals = Signals(decode(cv2.imencode(".png", img)[1].tobytes()))
    quads = signals.card_quads
    assert quads and _overlap(np.array(quads[0].corners) / signals.image.scale, corners) >= 0.8


@pytest.mark.parametrize("angle", [-45.0, 40.0, 58.0])
def test_a_card_lying_across_the_frame_opens_the_straight_edge_search_with_its_slanted_print(angle: float) -> None:
    """Print at 40-60 degrees runs neither across nor down the frame: it is counted turned level."""
    from pii_scan.decode import decode
    from pii_scan.signals import Signals
    from pii_scan.signals.text import count_slanted_lines, find_lines_down, find_text_lines

    corners = _card_corners(330, 250, 300, angle)
    img = _scene(corners, overlap=True)
    assert len(find_text_lines(img, scale=1.0)) < 2 and len(find_lines_down(img, scale=1.0)) < 2
    assert count_slanted_lines(img) >= 2
    signals = Signals(decode(cv2.imencode(".png", img)[1].tobytes()))
    quads = signals.card_quads
    assert quads and _overlap(np.array(quads[0].corners) / signals.image.scale, corners) >= 0.8


def test_a_level_card_is_not_turned_to_count_slanted_lines() -> None:
    """Its strongest edges (sides and print) run level: the main slant is out of range."""
    from pii_scan.signals.text import count_slanted_lines

    img = _scene(_card_corners(330, 250, 300, 3.0), overlap=False)
    assert count_slanted_lines(img) == 0
