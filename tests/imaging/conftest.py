"""Seeded synthetic photos for the imaging tests."""

from __future__ import annotations

import cv2
import numpy as np
import pytest


def synthetic_photo(rows: int = 96, cols: int = 128, *, seed: int = 1234) -> np.ndarray:
    """A small photo-like RGB image: gradients, smooth texture, edges and grain."""
    rng = np.random.default_rng(seed)
    down = np.linspace(0.0, 1.0, rows)[:, None, None]
    across = np.linspace(0.0, 1.0, cols)[None, :, None]
    base = 40 + 150 * down * np.array([0.9, 0.6, 0.3]) + 60 * across * np.array([0.2, 0.5, 1.0])
    texture = cv2.resize(rng.normal(0, 25, (rows // 8, cols // 8, 3)), (cols, rows))
    picture = base + texture + rng.normal(0, 4, (rows, cols, 3))
    picture[rows // 4 : rows // 2, cols // 5 : cols // 3] = (230, 40, 40)  # a red box
    picture[rows // 2 :, cols // 2 : cols // 2 + 6] = (20, 20, 20)  # a dark post
    return np.clip(np.rint(picture), 0, 255).astype(np.uint8)


def laplacian_variance(image: np.ndarray) -> float:
    """Sharpness: the variance of the Laplacian of the grey image (higher is sharper)."""
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


@pytest.fixture
def photo() -> np.ndarray:
    return synthetic_photo()
