"""A pupil's film project: their clip, its background, the keying, and the film made.

:class:`FilmProject` is the pupil's film work as kept between clicks (keepable, see
:mod:`workshop_app.pupil_work`); its background is a :class:`FilmBackground`, one of
the kit's pictures, one of its moving backgrounds, or the pupil's own. The functions
below start a :class:`~workshop_app.studio.jobs.FilmJob` from a project and take in
what it made. Clips and films are files in the pupil's
:class:`~workshop_app.media.video.Workspace`; a project that lets one go (a new clip,
a new film, "delete my clip") deletes it there, never a shipped practice clip.

>>> project = FilmProject()
>>> project.background
FilmBackground(kind='picture', name='beach')
>>> project.clip is None, project.result is None
(True, True)
"""

from __future__ import annotations

import functools
from dataclasses import asdict, dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, ClassVar, Literal

from workshop_app.errors import WorkshopError
from workshop_app.imaging.images import RGBImage
from workshop_app.media.album import Photo
from workshop_app.media.backgrounds import backgrounds
from workshop_app.media.clips import background_clips
from workshop_app.media.video import ClipInfo, HdrColours, Workspace, probe_clip
from workshop_app.media.video.probe import WORK_SIZE
from workshop_app.pupil_work import Record
from workshop_app.studio.film import FilmFormat, FilmResult, FilmTimes
from workshop_app.studio.jobs import FilmJob
from workshop_app.studio.keying import KeyingSettings

BackgroundKind = Literal["picture", "video", "own"]


@dataclass(frozen=True)
class FilmBackground:
    """What plays behind the pupil: a kit picture or moving background by name, or the
    pupil's own (``kind="own"``)."""

    kind: BackgroundKind
    name: str = ""


OWN = FilmBackground("own")


@dataclass(frozen=True)
class FilmProject:
    """The pupil's film, from clip to finished film.

    Attributes
    ----------
    clip
        The clip to key (an upload in the workspace, or a shipped practice clip).
    clip_source
        Where it came from: an upload's id, or ``"practice:<file name>"``; the same
        upload is not taken twice.
    background
        What plays behind the pupil.
    own_background
        The pupil's own background: a picture, or a video (in the workspace).
    own_source
        The upload id of the own background.
    keying
        The three sliders (and the screen colour, once found): the same for every frame.
    format
        The film's file format.
    result
        The film made last, if any.
    """

    kind: ClassVar[str] = "film-project"

    clip: ClipInfo | None = None
    clip_source: str | None = None
    background: FilmBackground = field(default_factory=lambda: FilmBackground("picture", "beach"))
    own_background: Photo | ClipInfo | None = None
    own_source: str | None = None
    keying: KeyingSettings = field(default_factory=KeyingSettings)
    format: FilmFormat = "mp4"
    result: FilmResult | None = None

    def but(self, **changes: Any) -> FilmProject:
        return replace(self, **changes)

    def with_clip(
        self, clip: ClipInfo | None, source: str | None, *, workspace: Workspace
    ) -> FilmProject:
        """A new clip (None: no clip); the old clip and film are deleted."""
        workspace.discard(
            self.clip.path if self.clip else None, self.result.path if self.result else None
        )
        return replace(self, clip=clip, clip_source=source, result=None)

    def with_own_background(
        self, background: Photo | ClipInfo, source: str, *, workspace: Workspace
    ) -> FilmProject:
        """The pupil's own background, chosen at once; an old own video is deleted."""
        if isinstance(self.own_background, ClipInfo):
            workspace.discard(self.own_background.path)
        return replace(self, own_background=background, own_source=source, background=OWN)

    def without_film(self, *, workspace: Workspace) -> FilmProject:
        """The film deleted (a new one replaces it, or the pupil deleted it)."""
        workspace.discard(self.result.path if self.result else None)
        return replace(self, result=None)

    def to_record(self) -> Record:
        return Record(
            {
                "clip": _clip_data(self.clip),
                "clip_source": self.clip_source,
                "background": asdict(self.background),
                "own_background": _own_data(self.own_background),
                "own_source": self.own_source,
                "keying": self.keying.to_dict(),
                "format": self.format,
                "result": _result_data(self.result),
            },
            {"own-background.jpg": self.own_background.original}
            if isinstance(self.own_background, Photo)
            else {},
        )

    @classmethod
    def from_record(cls, record: Record) -> FilmProject:
        data = record.data
        own = data["own_background"]
        if own is not None and own["kind"] == "picture":
            own_background: Photo | ClipInfo | None = Photo.from_original(
                own["id"], record.files["own-background.jpg"], source="upload"
            )
        else:
            own_background = _clip_from(own["clip"]) if own is not None else None
        return cls(
            clip=_clip_from(data["clip"]),
            clip_source=data["clip_source"],
            background=FilmBackground(**data["background"]),
            own_background=own_background,
            own_source=data["own_source"],
            keying=KeyingSettings.from_dict(data["keying"]),
            format=data["format"],
            result=_result_from(data["result"]),
        )


# --- backgrounds --------------------------------------------------------------------------


def background_choices(project: FilmProject) -> list[FilmBackground]:
    """Every background a film can have: the kit's pictures, its moving backgrounds, and
    the pupil's own if they uploaded one."""
    choices = [FilmBackground("picture", picture.name) for picture in backgrounds()]
    choices += [FilmBackground("video", clip.path.name) for clip in background_clips()]
    return choices + ([OWN] if project.own_background is not None else [])


def chosen_background(project: FilmProject) -> FilmBackground:
    """The project's background, if it is still one of the choices; else the first."""
    choices = background_choices(project)
    return project.background if project.background in choices else choices[0]


def background_source(project: FilmProject) -> RGBImage | ClipInfo:
    """What :func:`~workshop_app.studio.film.make_film` plays behind the pupil: a
    picture (RGB) or a video."""
    choice = chosen_background(project)
    if choice.kind == "own":
        own = project.own_background
        return own if isinstance(own, ClipInfo) else own.preview  # type: ignore[union-attr]
    if choice.kind == "video":
        return kit_background_clip(choice.name)
    return kit_background_picture(choice.name)


@functools.lru_cache(maxsize=16)
def kit_background_clip(name: str) -> ClipInfo:
    """One of the kit's moving backgrounds, probed once for the whole app."""
    return probe_clip(next(clip.path for clip in background_clips() if clip.path.name == name))


@functools.lru_cache(maxsize=16)
def kit_background_picture(name: str) -> RGBImage:
    """One of the kit's pictures at film size, read once for the whole app (read-only)."""
    picture = next(p for p in backgrounds() if p.name == name).image(max_side=max(WORK_SIZE))
    picture.flags.writeable = False
    return picture


# --- making the film ----------------------------------------------------------------------


def start_film(project: FilmProject, *, workspace: Workspace, max_seconds: float) -> FilmJob:
    """Start making the project's film in a background thread (it waits its turn)."""
    if project.clip is None:
        msg = "no clip to make a film of"
        raise ValueError(msg)
    job = FilmJob(
        project.clip,
        background=background_source(project),
        out_path=workspace.new_file(f".{project.format}"),
        settings=project.keying,
        format=project.format,
        max_seconds=max_seconds,
    )
    return workspace.cancel_on_close(job).start()


@dataclass(frozen=True)
class FilmOutcome:
    """What a finished job left: the project (with its film, if one was made), and why
    there is none (``stopped``, or the error)."""

    project: FilmProject
    stopped: bool = False
    error: WorkshopError | None = None


def take_film(project: FilmProject, job: FilmJob) -> FilmOutcome:
    """The project after a finished ``job``."""
    if job.state == "done":
        return FilmOutcome(replace(project, result=job.result))
    if job.state == "cancelled":
        return FilmOutcome(project, stopped=True)
    return FilmOutcome(project, error=job.error)


# --- as plain data --------------------------------------------------------------------------


def _clip_data(clip: ClipInfo | None) -> dict | None:
    if clip is None:
        return None
    data = asdict(clip)
    data.update(path=str(clip.path), fps=str(clip.fps))
    data["hdr"] = None if clip.hdr is None else list(clip.hdr)
    return data


def _clip_from(data: dict | None) -> ClipInfo | None:
    if data is None:
        return None
    hdr = data["hdr"]
    return ClipInfo(
        path=Path(data["path"]),
        seconds=float(data["seconds"]),
        width=int(data["width"]),
        height=int(data["height"]),
        fps=Fraction(data["fps"]),
        has_audio=bool(data["has_audio"]),
        size_bytes=int(data["size_bytes"]),
        hdr=None if hdr is None else HdrColours(*hdr),
    )


def _own_data(own: Photo | ClipInfo | None) -> dict | None:
    if own is None:
        return None
    if isinstance(own, Photo):
        return {"kind": "picture", "id": own.id}
    return {"kind": "video", "clip": _clip_data(own)}


def _result_data(result: FilmResult | None) -> dict | None:
    if result is None:
        return None
    data = asdict(result)
    data.update(path=str(result.path), fps=str(result.fps))
    return data


def _result_from(data: dict | None) -> FilmResult | None:
    if data is None:
        return None
    return FilmResult(
        path=Path(data["path"]),
        format=data["format"],
        frames=int(data["frames"]),
        width=int(data["width"]),
        height=int(data["height"]),
        fps=Fraction(data["fps"]),
        has_audio=bool(data["has_audio"]),
        frames_without_screen=int(data["frames_without_screen"]),
        times=FilmTimes(**data["times"]),
    )
