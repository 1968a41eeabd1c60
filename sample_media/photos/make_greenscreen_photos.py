"""Make the green-screen practice photos: ``python sample_media/photos/make_greenscreen_photos.py``.

Each photo is drawn (not taken) by :func:`workshop_app.bench.greenscreen_frames.make_frame`:
a child-like figure in front of a creased, unevenly lit cloth, with the screen's glow on
hair and skin, sensor noise and JPEG compression, as a classroom photo has. Seeded, so a
run makes the same pictures again. They are 1600 x 1200 pixels, bigger than the studio's
screen-sized preview, so the full-size download is really full size.
"""

from __future__ import annotations

from pathlib import Path

from workshop_app.bench.greenscreen_frames import FrameSpec, make_frame
from workshop_app.media.photos import encode_jpeg

HERE = Path(__file__).resolve().parent
ROWS, COLS = 1200, 1600
QUALITY = 88

PHOTOS = {
    # The one in the issue: a child in front of a creased green cloth, lit from one side.
    "greenscreen_creased_green_cloth.jpg": FrameSpec(
        "creased green cloth",
        seed=311,
        screen="green",
        shirt="red",
        hair="brown",
        unevenness=0.5,
        creases=18,
        shadow=0.35,
    ),
    # Green clothes on a green screen: the stripes must stay.
    "greenscreen_green_jumper.jpg": FrameSpec(
        "green jumper",
        seed=312,
        screen="bright green",
        shirt="olive",
        stripes="lime",
        hair="blond",
        motion=1.5,
    ),
    "greenscreen_blue_cloth.jpg": FrameSpec(
        "blue cloth",
        seed=313,
        screen="blue",
        shirt="orange",
        hair="black",
        unevenness=0.4,
        creases=10,
    ),
}


def main() -> None:
    for name, spec in PHOTOS.items():
        photo = make_frame(spec, ROWS, COLS).image
        data = encode_jpeg(photo, quality=QUALITY)
        (HERE / name).write_bytes(data)
        print(f"{name}: {COLS} x {ROWS}, {len(data) // 1024} KB")


if __name__ == "__main__":
    main()
