from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from workshop_app.imaging.adjust import exposure
from workshop_app.imaging.filters import blur
from workshop_app.media import load_image
from workshop_app.photolab import POINTS, FeedbackCard, review_portrait

SAMPLES = Path(__file__).parents[2] / "sample_media"
PHOTOS = SAMPLES / "photos"


def sample(name: str) -> np.ndarray:
    return load_image((PHOTOS / name).read_bytes())


@pytest.fixture(scope="module")
def head() -> np.ndarray:
    """Head and shoulders from the astronaut portrait; her eyes are on row 103, column 125."""
    return sample("portrait_astronaut.jpg")[0:300, 100:360]


def place(head: np.ndarray, eyes_row: int, eyes_col: int, *, seed: int = 3) -> np.ndarray:
    """The head on a 480 x 640 soft grey background, her eyes at (eyes_row, eyes_col)."""
    rng = np.random.default_rng(seed)
    background = cv2.resize(
        rng.normal(120, 25, (12, 16, 3)), (640, 480), interpolation=cv2.INTER_CUBIC
    )
    canvas = np.clip(background + rng.normal(0, 6, background.shape), 0, 255).astype(np.uint8)
    top, left = eyes_row - 103, eyes_col - 125
    canvas[top : top + 300, left : left + 260] = head
    return canvas


@pytest.fixture(scope="module")
def on_thirds(head) -> np.ndarray:
    return place(head, 160, 213)


@pytest.fixture(scope="module")
def centred(head) -> np.ndarray:
    return place(head, 240, 320)


def test_points_add_up_to_100():
    assert sum(POINTS.values()) == 100


def test_eyes_on_the_top_line_score_higher_than_the_same_face_centred(on_thirds, centred):
    good, middle = review_portrait(on_thirds), review_portrait(centred)
    assert len(good.faces) == len(middle.faces) == 1
    assert good.eyes_row == pytest.approx(1 / 3, abs=0.03)
    assert middle.eyes_row == pytest.approx(1 / 2, abs=0.03)
    assert good.score >= 90
    assert good.score > middle.score + 20
    assert middle.next_step.title == "Face in the middle"
    assert "eyes on the top line" in middle.next_step.message
    assert all(card.kind == "good" for card in good.cards)


def test_following_the_cards_raises_the_score(head):
    # Eyes too low -> the card says tilt the camera down -> the eyes move up.
    low = review_portrait(place(head, 260, 213))
    assert low.next_step.title == "Eyes too low"
    assert review_portrait(place(head, 160, 213)).score > low.score


def test_a_blurred_copy_scores_lower(on_thirds):
    sharp = review_portrait(on_thirds)
    soft = review_portrait(blur(on_thirds, amount=25))
    assert soft.sharpness < sharp.sharpness / 3
    assert soft.score < sharp.score
    assert soft.next_step.title == "A bit blurry"


def test_a_dark_copy_gets_the_too_dark_card_first(on_thirds):
    dark = review_portrait(exposure(on_thirds, stops=-2.5))
    assert dark.exposure.verdict == "too dark"
    assert dark.next_step == dark.cards[0]
    assert dark.next_step.title == "Too dark"
    assert dark.next_step.kind == "problem"
    assert dark.score < review_portrait(on_thirds).score


def test_no_face_gets_a_friendly_card_and_no_framing_points():
    report = review_portrait(sample("street_brick_lines.jpg"))
    assert report.faces == ()
    assert report.eyes_row is report.face_column is report.headroom is report.face_size is None
    assert set(report.points) == {"light", "sharpness", "level"}
    assert report.score <= 40
    assert report.next_step.title == "No face found"
    assert "face" in report.next_step.message


@pytest.mark.parametrize("name", ["portrait_astronaut.jpg", "portrait_astronaut_closeup.jpg"])
def test_sample_portraits_have_a_face(name):
    report = review_portrait(sample(name))
    assert len(report.faces) == 1
    assert 0 <= report.score <= 100


def test_cards_are_short_plain_and_ordered(centred):
    report = review_portrait(centred)
    kinds = [card.kind for card in report.cards]
    order = {"problem": 0, "tip": 1, "good": 2}
    assert kinds == sorted(kinds, key=order.__getitem__)
    for card in report.cards:
        assert isinstance(card, FeedbackCard)
        assert card.kind in order
        assert 0 < len(card.title) <= 24
        assert 0 < len(card.message) <= 110


def test_review_leaves_the_photo_alone(on_thirds):
    before = on_thirds.copy()
    review_portrait(on_thirds)
    np.testing.assert_array_equal(on_thirds, before)


def test_sample_photos_are_listed_with_a_licence_and_small():
    readme = (SAMPLES / "README.md").read_text(encoding="utf-8")
    photos = sorted(PHOTOS.glob("*.jpg"))
    # Green-screen practice photos are bigger on purpose: the studio's download test
    # proves a full-size export, not the 1024-pixel preview.
    photo_lab = [path for path in photos if not path.name.startswith("greenscreen_")]
    assert 4 <= len(photo_lab) <= 8
    assert sum(path.stat().st_size for path in photos) < 1_500_000
    for path in photos:
        assert path.name in readme
        limit = 1600 if path.name.startswith("greenscreen_") else 1024
        assert max(load_image(path.read_bytes()).shape[:2]) <= limit
