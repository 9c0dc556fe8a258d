"""Card-shaped quads put together from straight segments (signals/line_quads.py)."""

from __future__ import annotations

import cv2
import numpy as np

from pii_scan.signals import line_quads as lq
from small_card_scenes import card_scene


def _working_gray(img: np.ndarray) -> np.ndarray:
    h, w = img.shape[:2]
    return cv2.cvtColor(cv2.resize(img, (640, 640 * h // w), interpolation=cv2.INTER_AREA), cv2.COLOR_RGB2GRAY)


def _near(q: np.ndarray, corners: np.ndarray, tol: float) -> bool:
    """Whether every corner of ``corners`` has a corner of ``q`` within ``tol``."""
    return all(min(float(np.linalg.norm(c - p)) for p in q) <= tol for c in corners)


def test_a_card_lying_across_light_and_dark_checks_gets_a_quad_on_its_corners():
    img, corners = card_scene("checked", 107)
    gray = _working_gray(img)
    corners = corners * (640.0 / img.shape[1])
    quads = lq.line_quads(gray, 0.005, 0.06)
    side = float(np.linalg.norm(corners[1] - corners[0]))
    assert any(_near(q, corners, 0.12 * side) for q in quads), f"{len(quads)} quads, none on the card"


def test_two_parallel_segments_a_cards_height_apart_make_a_card_between_them():
    seg = np.array([[100.0, 100.0, 200.0, 100.0], [100.0, 163.0, 200.0, 163.0]])
    quads = lq._paired_quads(seg, 20.0, 300.0)
    want = np.array([[100, 100], [200, 100], [200, 163], [100, 163]], np.float64)
    assert any(_near(q, want, 2.0) for q in quads)


def test_a_side_that_runs_on_past_its_corners_scores_below_one_that_ends_there():
    card = np.full((300, 400), 110, np.uint8)
    card[100:163, 150:250] = 220  # a light card: its edges end at its corners
    grid = np.full((300, 400), 110, np.uint8)
    grid[100:163, :] = 220  # a light band: the same rectangle's long sides run on across the frame
    grid[:, 150:250] = 220  # and a crossing band: its short sides run on too
    q = np.array([[[150, 100], [249, 100], [249, 162], [150, 162]]], np.float64)
    scores = [lq._scores(q, cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3) / 4, cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3) / 4, 8.0)[0] for g in (card, grid)]
    assert scores[0] > 0.8 and scores[1] < lq._MIN_SCORE


def test_a_frame_without_straight_edges_gets_no_quad():
    rng = np.random.default_rng(0)
    gray = cv2.GaussianBlur(rng.integers(100, 140, (480, 640)).astype(np.uint8), (0, 0), 3)
    assert lq.line_quads(gray, 0.005, 0.06) == []


def test_a_part_cut_off_a_longer_strip_of_paper_is_not_held():
    """Snapped onto where a strip's print or shading ends, an outline's long sides run on through its corners."""
    strip = np.full((300, 400), 60, np.uint8)
    strip[100:163, 50:380] = 220  # a light strip of paper, 330 x 63
    part = np.array([[50, 100], [149, 100], [149, 162], [50, 162]], np.float64)  # its left end, card-shaped
    card = strip.copy()
    card[100:163, 150:380] = 60  # the same left end alone: a card
    assert lq.still_held(strip, [part]) == [False]
    assert lq.still_held(card, [part]) == [True]
