"""Taking, uploading and choosing photos: the pieces every photo-lab page shares."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from workshop_app.errors import WorkshopError
from workshop_app.imaging import RGBImage, fit_within
from workshop_app.media.album import Photo, Source, make_photo
from workshop_app.media.photos import encode_jpeg
from workshop_app.media.samples import SamplePhoto, sample_photos
from workshop_app.ui import state
from workshop_app.ui.messages import explain

PHOTO_TYPES = ["jpg", "jpeg", "png", "webp", "heic", "heif", "gif", "bmp", "tif", "tiff"]


def take_or_upload(
    *,
    key: str,
    camera: bool = True,
    multiple: bool = False,
    max_files: int = 1,
    prepare: Callable[[RGBImage], RGBImage] | None = None,
    source_words: str = "a photo",
    samples_kind: str | None = None,
) -> list[Photo]:
    """Camera and upload, side by side in tabs; returns the photos new in this run.

    Each file is read once (a rerun does not add it again). A file that is not a
    photo gets a friendly message and the others still go in. ``prepare`` changes a
    photo before it is kept, e.g. blurring faces: the unprepared photo is never kept.
    ``samples_kind`` adds a tab of the kit's practice photos of that kind (or ``"all"``).
    """
    seen: set[str] = state.running("photos-seen") or set()
    state.keep_running("photos-seen", seen)
    files: list[tuple[Source, object]] = []
    samples = sample_photos(None if samples_kind == "all" else samples_kind) if samples_kind else []
    names = (["Take a photo"] if camera else []) + ["Upload a photo"]
    tabs = st.tabs(names + (["Practice photos"] if samples else []))
    if camera:
        with tabs[0]:
            shot = st.camera_input(f"Take {source_words}", key=f"{key}-camera")
            if shot is not None:
                files.append(("camera", shot))
    if samples:
        with tabs[-1]:
            files.extend(("sample", sample) for sample in _practice_photos(key, samples))
    with tabs[len(names) - 1]:
        uploads = st.file_uploader(
            f"Choose {source_words} from this computer"
            + (f" (up to {max_files})" if multiple else ""),
            type=PHOTO_TYPES,
            accept_multiple_files=multiple,
            key=f"{key}-upload",
        )
        if uploads:
            chosen = uploads if isinstance(uploads, list) else [uploads]
            if len(chosen) > max_files:
                st.warning(f"That is {len(chosen)} photos. We used the first {max_files}.")
            files.extend(("upload", upload) for upload in chosen[:max_files])

    added: list[Photo] = []
    for source, file in files:
        if source != "sample":  # a practice photo can be picked again
            if file.file_id in seen:
                continue
            seen.add(file.file_id)
        data = file.read() if source == "sample" else file.getvalue()
        try:
            with st.spinner("Opening your photo..."):
                photo = make_photo(data, source=source, prepare=prepare)
                added.append(state.keep_photo(photo))
        except WorkshopError as error:
            # One bad file must not stop the others, and the pupil is told what to do.
            words = explain(error, ages=state.age_group())
            st.error(f"{file.name}: {words}" if source == "upload" else words)
    if added:
        state.choose_photo(added[-1])
    return added


def thumbnail(photo: Photo) -> bytes:
    """A small JPEG of ``photo`` (long side 320) for a picture button, made once per
    session."""
    return state.remember(
        f"thumbnail-{photo.id}",
        lambda: encode_jpeg(fit_within(photo.preview, max_side=320), quality=85),
    )


def _practice_photos(key: str, samples: list[SamplePhoto]) -> list[SamplePhoto]:
    """Small pictures of the kit's practice photos; returns the one pressed, if any."""
    st.caption("No camera? Practise with one of these.")
    picked: list[SamplePhoto] = []
    columns = st.columns(4)  # small pictures, even when there are only two
    for index, sample in enumerate(samples):
        with columns[index % len(columns)]:
            st.image(str(sample.path), width="stretch")
            if st.button(
                sample.title, key=f"{key}-sample-{sample.path.stem}", width="stretch", wrap=True
            ):
                picked.append(sample)
    return picked


def choose_photo(*, key: str) -> Photo | None:
    """The current photo, with small pictures of the others to switch to or delete."""
    photos = list(state.album())
    current = state.current_photo()
    if len(photos) > 1:
        st.caption("Your photos. Press one to work on it.")
        columns = st.columns(min(len(photos), 6))
        for index, photo in enumerate(photos[-6:]):
            with columns[index]:
                st.image(photo.preview, width="stretch", output_format="JPEG")
                is_current = current is not None and photo.id == current.id
                if st.button(
                    "Working on it" if is_current else "Use this",
                    key=f"{key}-use-{photo.id}",
                    disabled=is_current,
                    width="stretch",
                ):
                    state.choose_photo(photo)
                    st.rerun()
    if current is not None and st.button("Delete this photo", key=f"{key}-delete"):
        state.delete_photo(current.id)
        st.rerun()
    return current
