"""One family of errors for the whole kit, each carrying a stable cause.

Every error the kit raises on purpose is a :class:`WorkshopError`. Each subclass also
inherits the matching built-in, so code that expects a ``ValueError`` or ``OSError``
still catches it::

    WorkshopError
     +-- LessonPackError (ValueError)     a lesson pack that cannot be used
     +-- ImageError (ValueError)          a photo that cannot be read or edited
     |    +-- NoScreenError               no green or blue screen in the photo or frame
     +-- MediaError (OSError)             a file that cannot be read or written
     +-- CodeRunError (RuntimeError)      a pupil's program that could not be run

An error says *why* it happened, never what a child reads: :attr:`WorkshopError.cause`
is a stable code such as ``"no-screen"`` or ``"clip-too-long"``, and
:attr:`WorkshopError.details` holds the numbers and names the wording needs
(``seconds=75, limit=60``). Code decides things by class or cause, never by wording.
The words live in one catalogue at the edge (:mod:`workshop_app.ui.messages`), with
their age-group variants, ready for translation; ``str(error)`` stays technical, for
logs and for trainers.

>>> error = MediaError("clip is 75.0 s long", cause="clip-too-long", seconds=75, limit=60)
>>> error.cause, error.details
('clip-too-long', {'seconds': 75, 'limit': 60})
>>> NoScreenError("no green or blue pixels").cause
'no-screen'
>>> isinstance(NoScreenError("x"), ValueError)
True
"""

from __future__ import annotations

from typing import ClassVar


class WorkshopError(Exception):
    """Base class of every error the kit raises on purpose.

    Parameters
    ----------
    message
        What went wrong, for the log and for trainers (English, technical).
    cause
        A stable code for the catalogue of pupil-facing words: lower-case words joined
        by hyphens. Defaults to the class's :attr:`default_cause`.
    **details
        What the words need: numbers, names of things (never a pupil's name).
    """

    default_cause: ClassVar[str] = "unexpected"

    def __init__(
        self,
        message: str,
        *,
        cause: str | None = None,
        **details: object,
    ) -> None:
        super().__init__(message)
        self.cause = cause or self.default_cause
        self.details = details


class LessonPackError(WorkshopError, ValueError):
    """A lesson pack is broken: each problem names its file and field.

    Parameters
    ----------
    problems
        One line per problem, e.g. ``"lessons/x/pack.yaml, line 4, age.to: ..."``.
    """

    default_cause = "lesson-broken"

    def __init__(self, problems: list[str], *, cause: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems), cause=cause)


class ImageError(WorkshopError, ValueError):
    """A photo cannot be read or edited (broken, too big, unsupported)."""

    default_cause = "photo-unreadable"


class NoScreenError(ImageError):
    """No green or blue screen was found where one was expected (a photo or a frame)."""

    default_cause = "no-screen"


class MediaError(WorkshopError, OSError):
    """A media file cannot be read or written."""

    default_cause = "file-unusable"


class CodeRunError(WorkshopError, RuntimeError):
    """A pupil's program could not be started (not an error in the program itself)."""

    default_cause = "code-not-started"
