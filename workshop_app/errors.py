"""One family of errors for the whole kit.

Every error the kit raises on purpose is a :class:`WorkshopError`. Each subclass also
inherits the matching built-in, so code that expects a ``ValueError`` or ``OSError``
still catches it::

    WorkshopError
     +-- LessonPackError (ValueError)     a lesson pack that cannot be used
     +-- ImageError (ValueError)          a photo that cannot be read or edited
     +-- MediaError (OSError)             a file that cannot be read or written
     +-- CodeRunError (RuntimeError)      a pupil's program that could not be run

The UI catches the family once, at its edge, and shows :attr:`WorkshopError.friendly`
(short, plain words with a next step); the technical text stays in ``str(error)`` for
logs and for trainers.
"""

from __future__ import annotations


class WorkshopError(Exception):
    """Base class of every error the kit raises on purpose.

    Parameters
    ----------
    message
        What went wrong, for the log and for trainers.
    friendly
        What a child reads: short, plain words and what to do next. Defaults to the
        class's :attr:`default_friendly` text.
    """

    default_friendly = "Something went wrong. Ask your trainer for help."

    def __init__(self, message: str, *, friendly: str | None = None) -> None:
        super().__init__(message)
        self.friendly = friendly or self.default_friendly


class LessonPackError(WorkshopError, ValueError):
    """A lesson pack is broken: each problem names its file and field.

    Parameters
    ----------
    problems
        One line per problem, e.g. ``"lessons/x/pack.yaml, line 4, age.to: ..."``.
    """

    default_friendly = "This lesson could not be opened. Ask your trainer to check it."

    def __init__(self, problems: list[str], *, friendly: str | None = None) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems), friendly=friendly)


class ImageError(WorkshopError, ValueError):
    """A photo cannot be read or edited (broken, too big, unsupported)."""

    default_friendly = "This photo could not be opened. Try another photo, or take a new one."


class MediaError(WorkshopError, OSError):
    """A media file cannot be read or written."""

    default_friendly = "This file could not be used. Try another one."


class CodeRunError(WorkshopError, RuntimeError):
    """A pupil's program could not be started (not an error in the program itself)."""

    default_friendly = "Your program could not be started. Press Run again in a moment."
