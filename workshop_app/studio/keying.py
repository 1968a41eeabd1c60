"""How a photo or a film is keyed: one settings model for pictures and films alike."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from workshop_app.imaging.greenscreen import Keyed, chroma_key
from workshop_app.imaging.images import RGBImage

Screen = Literal["auto", "green", "blue"]
"""Which screen a lesson asks for; ``"auto"`` takes either."""

ScreenColour = Literal["green", "blue"]

RGB = tuple[int, int, int]


def screen_colour(key: RGB | None, *, screen: Screen = "auto") -> ScreenColour:
    """Whether a screen colour is green or blue (the one word, said everywhere).

    ``key`` is the screen's RGB colour when it is known; otherwise the lesson's
    ``screen`` decides, and an ``"auto"`` lesson says green.

    >>> screen_colour((40, 180, 60))
    'green'
    >>> screen_colour((30, 60, 200))
    'blue'
    >>> screen_colour(None, screen="blue")
    'blue'
    """
    if key is not None:
        return "blue" if key[2] > key[1] else "green"
    return "blue" if screen == "blue" else "green"


@dataclass(frozen=True)
class KeyingSettings:
    """The three sliders, the screen colour and the cloak: how every pixel is keyed.

    Attributes
    ----------
    strength, softness, spill
        0 to 100: "how much green to remove", "soft edges" and "fix green glow", as in
        :func:`~workshop_app.imaging.greenscreen.chroma_key`.
    key
        The screen colour, RGB; ``None`` finds it on the photo (or a film's first frames).
    screen
        ``"green"`` or ``"blue"`` when the lesson says which screen to use; ``"auto"``
        takes either.
    cloak
        The invisibility cloak: clothes of the screen's colour vanish too. Off keeps the
        inside of the subject solid (greenish clothes stay).
    """

    strength: float = 50.0
    softness: float = 50.0
    spill: float = 50.0
    key: RGB | None = None
    screen: Screen = "auto"
    cloak: bool = False

    def key_photo(self, rgb: RGBImage, *, key: RGB | None = None, **options: Any) -> Keyed:
        """``rgb`` keyed with these settings (``key`` overrides :attr:`key`)."""
        return chroma_key(
            rgb,
            key=key if key is not None else self.key,
            strength=self.strength,
            softness=self.softness,
            spill=self.spill,
            keep_inside=not self.cloak,
            **options,
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "strength": self.strength,
            "softness": self.softness,
            "spill": self.spill,
            "key": list(self.key) if self.key is not None else None,
            "screen": self.screen,
            "cloak": self.cloak,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeyingSettings:
        key = data.get("key")
        return cls(
            strength=float(data.get("strength", 50.0)),
            softness=float(data.get("softness", 50.0)),
            spill=float(data.get("spill", 50.0)),
            key=(int(key[0]), int(key[1]), int(key[2])) if key is not None else None,
            screen=data.get("screen", "auto"),
            cloak=bool(data.get("cloak", False)),
        )
