"""The film studio: a short clip filmed in front of a green cloth, on a new background.

The pupil picks a clip (their own, or the practice clip), a background (a picture, a
moving background or their own), checks the first frame with the three sliders, and
presses Make my film. The film is made in a background thread (:class:`FilmJob`) that
carries on while the page reruns; a fragment polls it for the progress bar, and the
pupil can stop it. Clips and films live in the pupil's own temporary folder, which is
emptied when they are replaced or deleted and removed when the session ends.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from workshop_app.errors import ImageError, WorkshopError
from workshop_app.imaging import RGBImage, fit_within
from workshop_app.imaging.greenscreen import chroma_key, composite
from workshop_app.lessons.model import FilmExercise
from workshop_app.media.album import make_photo
from workshop_app.media.backgrounds import backgrounds
from workshop_app.media.clips import background_clips, practice_clips
from workshop_app.media.photos import encode_jpeg
from workshop_app.media.video import (
    MAX_SECONDS,
    WORK_SIZE,
    ClipInfo,
    Workspace,
    preview_frame,
    probe_clip,
)
from workshop_app.studio.film import FilmResult, find_screen_key
from workshop_app.studio.jobs import FilmJob
from workshop_app.studio.keying import KeyingSettings
from workshop_app.ui import state
from workshop_app.ui.messages import explain
from workshop_app.ui.photos import PHOTO_TYPES
from workshop_app.ui.widgets import wait_for_keyer, warm_keyer

CLIP_TYPES = ["mp4", "mov", "webm", "m4v"]

_WORKSPACE = "film.workspace"
_CLIP = "film.clip"
_CLIP_ID = "film.clip_id"
_UPLOADS = "film.uploads"
_REFUSED = "film.refused"
_KEYS = "film.keys"
_BACKGROUND = "film.background"
_OWN = "film.own_background"
_JOB = "film.job"
_RESULT = "film.result"
_NOTE = "film.note"
_FAILED = "film.failed"
_SAVED = "film.settings"

SLIDERS = {
    "strength": "How much {colour} to remove",
    "softness": "Soft edges",
    "spill": "Fix {colour} glow",
}
SLIDER_HELP = {
    "strength": "More takes away more of the cloth. Less keeps more of you.",
    "softness": "Soft edges blend you into the background.",
    "spill": "Takes the {colour} shine off your skin and hair.",
}
FORMATS = {"mp4": "MP4 (plays everywhere)", "webm": "WebM (smaller, for web pages)"}


def render() -> None:
    warm_keyer()
    exercise = state.exercise_settings(FilmExercise)
    # Opened from the menu (no lesson step), a film can be as long as the kit allows.
    from_lesson = isinstance(state.opened_exercise(), FilmExercise)
    limit = exercise.max_seconds if from_lesson else MAX_SECONDS
    st.title("Make a green-screen film")
    job: FilmJob | None = st.session_state.get(_JOB)
    if job is not None and job.finished:
        _collect(job)
        job = None
    clip: ClipInfo | None = st.session_state.get(_CLIP)
    result: FilmResult | None = st.session_state.get(_RESULT)

    next_step = st.empty()
    st.subheader("1. Your clip")
    if clip is None:
        _choose_clip(limit)
        next_step.info(
            "Film yourself in front of the green cloth, then upload the clip. "
            "No clip? Use the practice clip."
        )
        return
    key = _screen_key(clip, exercise.screen)
    _clip_summary(clip, limit)
    if isinstance(key, str):  # no screen in the clip: what to do, and the uploader open
        st.error(key)
    with st.expander("Choose another clip", expanded=isinstance(key, str)):
        _choose_clip(limit)
        if st.button("Delete my clip and film", key="film-delete-clip"):
            _forget_clip()
            st.rerun()
    if isinstance(key, str):
        next_step.info("Next: film a new clip in front of the cloth, and upload it.")
        return
    colour = "blue" if key[2] > key[1] else "green"

    st.subheader("2. Choose a background")
    _background_gallery()

    st.subheader("3. Check your first frame")
    settings = KeyingSettings(
        strength=_setting("strength"),
        softness=_setting("softness"),
        spill=_setting("spill"),
        key=key,
        screen=exercise.screen,
    )
    _first_frame(clip, settings)
    for name, label in SLIDERS.items():
        st.slider(
            label.format(colour=colour),
            min_value=0,
            max_value=100,
            step=1,
            key=f"film-{name}",
            help=SLIDER_HELP[name].format(colour=colour),
        )

    st.subheader("4. Make your film")
    height, width = clip.working_shape
    seconds = min(clip.seconds, limit)
    st.caption(
        f"Your film will be {width} x {height} pixels and {_seconds(seconds)} long. "
        f"Films are made at most {WORK_SIZE[1]} x {WORK_SIZE[0]} pixels, so they are quick."
    )
    film_format = st.radio(
        "Kind of film file",
        list(FORMATS),
        format_func=FORMATS.get,
        horizontal=True,
        key="film-format",
        disabled=job is not None,
    )
    if job is None:
        if st.button("Make my film", type="primary", width="stretch", key="film-make"):
            _start(clip, settings, film_format, limit)
            st.rerun()  # redraw the page as it is while the film is made (no button)
    else:
        next_step.info("Your film is being made. You can watch the bar fill up.")
        _progress()
        return
    note = st.session_state.pop(_NOTE, None)
    if note is not None:
        st.info(note)
    failed = st.session_state.pop(_FAILED, None)
    if failed is not None:
        st.error(failed)
    if result is not None and result.path.is_file():
        _show_film(result)
        next_step.info("Your film is ready! Watch it, then download it.")
    else:
        next_step.info(
            "Next: choose a background, check your first frame, then press Make my film."
        )


# --- state kept for the session -----------------------------------------------------


def _workspace() -> Workspace:
    """This pupil's private temporary folder (a new one if it was closed)."""
    workspace: Workspace | None = st.session_state.get(_WORKSPACE)
    if workspace is None or workspace.closed:
        workspace = st.session_state[_WORKSPACE] = Workspace()
    return workspace


def _setting(name: str) -> float:
    """A slider's value; restored when the pupil comes back from another page (Streamlit
    forgets the values of widgets that were not drawn)."""
    key = f"film-{name}"
    saved: dict[str, float] = st.session_state.setdefault(_SAVED, {})
    if key not in st.session_state:
        st.session_state[key] = saved.get(name, 50)
    saved[name] = st.session_state[key]
    return float(st.session_state[key])


# --- 1. the clip --------------------------------------------------------------------


def _choose_clip(limit: int) -> None:
    upload_tab, practice_tab = st.tabs(["Upload a clip", "Practice clip"])
    with upload_tab:
        megabytes = st.get_option("server.maxUploadSize")
        upload = st.file_uploader(
            f"Choose a clip from this computer (up to {limit} seconds and {megabytes} MB)",
            type=CLIP_TYPES,
            # A new key empties the uploader once its clip is taken (or another chosen).
            key=f"film-upload-{st.session_state.get(_UPLOADS, 0)}",
        )
        if upload is not None:
            _take_upload(upload)
    with practice_tab:
        st.caption("No camera? Practise with this clip of a pupil in front of a green cloth.")
        for sample in practice_clips():
            if st.button(
                f"Use the practice clip: {sample.title}",
                key=f"film-practice-{sample.path.stem}",
                width="stretch",
            ):
                _use_clip(sample.path, f"practice:{sample.path.name}")


def _take_upload(upload) -> None:
    if upload.file_id == st.session_state.get(_CLIP_ID):
        return
    refused: dict[str, str] = st.session_state.setdefault(_REFUSED, {})
    if upload.file_id in refused:
        st.error(refused[upload.file_id])
        return
    workspace = _workspace()
    suffix = Path(upload.name).suffix.lower()
    saved = workspace.save(upload.getvalue(), suffix if suffix[1:] in CLIP_TYPES else ".mp4")
    try:
        _use_clip(saved, upload.file_id)
    except WorkshopError as error:
        workspace.discard(saved)
        refused[upload.file_id] = f"{upload.name}: {explain(error)}"
        st.error(refused[upload.file_id])


def _use_clip(path: Path, clip_id: str) -> None:
    """Probe ``path`` and make it the pupil's clip (raises MediaError if it is bad)."""
    with st.spinner("Opening your clip..."):
        clip = probe_clip(path)
    _forget_film()
    old: ClipInfo | None = st.session_state.get(_CLIP)
    if old is not None:
        _workspace().discard(old.path)
    st.session_state[_CLIP] = clip
    st.session_state[_CLIP_ID] = clip_id
    st.session_state[_UPLOADS] = st.session_state.get(_UPLOADS, 0) + 1
    st.rerun()  # straight on to the next step


def _clip_summary(clip: ClipInfo, limit: int) -> None:
    words = f"Your clip is {_seconds(clip.seconds)} long"
    words += ", with sound." if clip.has_audio else ", with no sound."
    st.success(words)
    if clip.seconds > limit + 0.5:
        st.info(f"Your film will use the first {_seconds(limit)} of it.")


def _seconds(seconds: float) -> str:
    """``"1 second"``, ``"7 seconds"`` (a clip of 0.6 seconds is "1 second" long)."""
    whole = max(1, round(seconds))
    return "1 second" if whole == 1 else f"{whole} seconds"


def _screen_key(clip: ClipInfo, screen: str) -> tuple[int, int, int] | str:
    """The screen colour, found once per clip, or what the pupil should do if there is
    none."""
    found: dict[str, tuple[int, int, int] | str] = st.session_state.setdefault(_KEYS, {})
    name = f"{clip.path}:{screen}"
    if name not in found:
        wait_for_keyer()
        try:
            with st.spinner("Looking for the green screen..."):
                found[name] = find_screen_key(clip, screen=screen, frame=_frame(clip))
        except WorkshopError as error:
            found[name] = explain(error)
    return found[name]


def _frame(clip: ClipInfo) -> RGBImage:
    return state.remember(f"film-frame-{clip.path}", lambda: preview_frame(clip))


# --- 2. the background --------------------------------------------------------------


def _background_gallery() -> None:
    """Moving backgrounds and pictures as small pictures with a button each, and an
    upload for the pupil's own."""
    choices = _background_choices()
    chosen = _chosen_background(choices)
    st.caption("Press a name to stand in front of it. Moving backgrounds play behind you.")
    columns = st.columns(4)
    for index, (name, (title, thumbnail)) in enumerate(choices.items()):
        with columns[index % len(columns)]:
            st.image(thumbnail, width="stretch")
            st.button(
                title,
                key=f"film-bg-{name}",
                type="primary" if name == chosen else "secondary",
                width="stretch",
                wrap=True,  # long names on two lines, never cut off
                on_click=_choose_background,
                args=(name,),
            )
    upload = st.file_uploader(
        "Use my own background (a picture or a video)",
        type=PHOTO_TYPES + CLIP_TYPES,
        key="film-own-upload",
    )
    own = st.session_state.get(_OWN)
    if upload is None or (own is not None and own[0] == upload.file_id):
        return
    refused: dict[str, str] = st.session_state.setdefault(_REFUSED, {})
    if upload.file_id not in refused:
        try:
            with st.spinner("Opening your background..."):
                background = _open_background(upload)
        except WorkshopError as error:
            refused[upload.file_id] = f"{upload.name}: {explain(error)}"
        else:
            if own is not None and isinstance(own[1], ClipInfo):
                _workspace().discard(own[1].path)  # the one it replaces
            st.session_state[_OWN] = (upload.file_id, background)
            _choose_background("own")
            st.rerun()
    st.error(refused[upload.file_id])


def _open_background(upload) -> RGBImage | ClipInfo:
    suffix = Path(upload.name).suffix.lower()
    if suffix[1:] in CLIP_TYPES:
        workspace = _workspace()
        saved = workspace.save(upload.getvalue(), suffix)
        try:
            return probe_clip(saved)
        except WorkshopError:
            workspace.discard(saved)
            raise
    return make_photo(upload.getvalue(), source="upload").preview


def _background_choices() -> dict[str, tuple[str, bytes]]:
    """Background name -> (button words, small JPEG)."""
    choices: dict[str, tuple[str, bytes]] = {}
    for picture in backgrounds():
        choices[f"picture:{picture.name}"] = (picture.title, picture.thumbnail())
    for sample in background_clips():
        clip = _sample_background(sample.path)
        choices[f"video:{sample.path.name}"] = (f"{sample.title} (moving)", _thumbnail(clip))
    own = st.session_state.get(_OWN)
    if own is not None:
        choices["own"] = ("My background", _thumbnail(own[1]))
    return choices


def _sample_background(path: Path) -> ClipInfo:
    return state.remember(f"film-bgclip-{path}", lambda: probe_clip(path))


def _thumbnail(background: RGBImage | ClipInfo) -> bytes:
    if isinstance(background, ClipInfo):
        return state.remember(
            f"film-thumb-{background.path}",
            lambda: encode_jpeg(preview_frame(background, size=(180, 320)), quality=85),
        )
    return encode_jpeg(fit_within(background, max_side=320), quality=85)


def _chosen_background(choices: dict[str, tuple[str, bytes]]) -> str:
    chosen = st.session_state.get(_BACKGROUND)
    if chosen not in choices:
        pictures = [name for name in choices if name.startswith("picture:")]
        chosen = pictures[0] if pictures else next(iter(choices))
        st.session_state[_BACKGROUND] = chosen
    return chosen


def _choose_background(name: str) -> None:
    st.session_state[_BACKGROUND] = name


def _background() -> RGBImage | ClipInfo:
    """The chosen background: a picture (RGB) or a video (ClipInfo)."""
    name: str = st.session_state[_BACKGROUND]
    kind, _, rest = name.partition(":")
    if kind == "own":
        return st.session_state[_OWN][1]
    if kind == "video":
        return _sample_background(next(s.path for s in background_clips() if s.path.name == rest))
    picture = next(p for p in backgrounds() if p.name == rest)
    return state.remember(f"film-bgpicture-{rest}", lambda: picture.image(max_side=max(WORK_SIZE)))


def _background_still(size: tuple[int, int]) -> RGBImage:
    """A still of the chosen background for the first-frame preview."""
    background = _background()
    if isinstance(background, ClipInfo):
        return state.remember(
            f"film-bgframe-{background.path}-{size}",
            lambda: preview_frame(background, size=size),
        )
    return background


# --- 3. the first frame -------------------------------------------------------------


def _first_frame(clip: ClipInfo, settings: KeyingSettings) -> None:
    frame = _frame(clip)
    wait_for_keyer()
    try:
        keyed = chroma_key(
            frame,
            key=settings.key,
            strength=settings.strength,
            softness=settings.softness,
            spill=settings.spill,
        )
    except ImageError as error:
        st.warning(explain(error))
        return
    picture = composite(keyed, _background_still(clip.working_shape))
    st.image(picture, width="stretch", output_format="JPEG", caption="The first frame of your film")


# --- 4. the film --------------------------------------------------------------------


def _start(clip: ClipInfo, settings: KeyingSettings, film_format: str, limit: int) -> None:
    _forget_film()
    workspace = _workspace()
    job = FilmJob(
        clip,
        background=_background(),
        out_path=workspace.new_file(f".{film_format}"),
        settings=settings,
        format=film_format,  # type: ignore[arg-type]
        max_seconds=limit,
    )
    st.session_state[_JOB] = workspace.cancel_on_close(job).start()


def _collect(job: FilmJob) -> None:
    """A finished job: keep its film, or say why there is none."""
    del st.session_state[_JOB]
    if job.state == "done":
        st.session_state[_RESULT] = job.result
    elif job.state == "cancelled":
        st.session_state[_NOTE] = "You stopped the film. Press Make my film to start again."
    elif job.error is not None:
        st.session_state[_FAILED] = explain(job.error)


def _forget_clip() -> None:
    """Delete the pupil's clip (never a practice clip) and their film."""
    _forget_film()
    clip: ClipInfo | None = st.session_state.pop(_CLIP, None)
    st.session_state.pop(_CLIP_ID, None)
    if clip is not None:
        _workspace().discard(clip.path)


def _forget_film() -> None:
    """Stop a film being made and delete the last one (a new clip or film replaces it)."""
    job: FilmJob | None = st.session_state.pop(_JOB, None)
    if job is not None:
        job.cancel()
    result: FilmResult | None = st.session_state.pop(_RESULT, None)
    if result is not None:
        _workspace().discard(result.path)


@st.fragment(run_every=0.5)
def _progress() -> None:
    # A fragment that reruns itself twice a second: only the bar is redrawn.
    job: FilmJob | None = st.session_state.get(_JOB)
    if job is None or job.finished:
        st.rerun()  # the whole page: the film (or what went wrong) shows
        return
    done, total, seconds_left = job.progress()
    if job.state == "waiting":
        ahead = job.films_ahead()
        before = "1 film is" if ahead == 1 else f"{ahead} films are"
        st.progress(0, text=f"{before} being made before yours. Yours starts soon.")
    else:
        st.progress(min(done / max(total, 1), 1.0), text=_progress_words(done, total, seconds_left))
    if st.button("Stop making the film", key="film-cancel"):
        job.cancel()
        job.wait(10)
        st.rerun()


def _progress_words(done: int, total: int, seconds_left: float | None) -> str:
    words = f"Frame {done} of {total}."
    if seconds_left is None:
        return f"{words} Working out how long it takes..."
    if seconds_left < 5:
        return f"{words} Almost done!"
    if seconds_left < 90:
        return f"{words} About {round(seconds_left)} seconds left."
    return f"{words} About {round(seconds_left / 60)} minutes left."


def _show_film(result: FilmResult) -> None:
    st.success("Your film is ready!")
    st.video(result.path, format=result.mime)
    size = result.path.stat().st_size / 1e6
    st.download_button(
        f"Download my film ({result.format.upper()}, {size:.1f} MB)",
        data=result.path.read_bytes,  # read only when pressed
        file_name=f"green-screen-film.{result.format}",
        mime=result.mime,
        type="primary",
        width="stretch",
        key="film-download",
    )
    if result.frames_without_screen:
        st.caption(
            f"In {result.frames_without_screen} frames we could not see the cloth, so they "
            "are as you filmed them."
        )
    if st.button("Delete my film", key="film-delete"):
        _forget_film()
        st.rerun()


render()
