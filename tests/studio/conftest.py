"""The film tests share the generated clips of the video tests."""

from __future__ import annotations

from tests.media.video.conftest import clips, green

__all__ = ["clips", "green"]
