"""What a pupil reads when something goes wrong: one catalogue, looked up by cause.

The pure layers raise :class:`~workshop_app.errors.WorkshopError` subclasses that carry
a stable ``cause`` and the ``details`` the words need; only the edge (the error edge in
:mod:`workshop_app.ui.shell` and the pages) turns them into words, here. Each entry is
short, plain words with a next step; an entry may have variants for an age group
(``"8-9"``), chosen when the pupil's age group is known. Details are filled in with
:meth:`str.format`.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop_app.errors import WorkshopError

Wording = str | Mapping[str, str]
"""One sentence or two; or a mapping from age group (``"8-9"``) to words, with the
key ``"default"`` for everyone else."""

MESSAGES: dict[str, Wording] = {
    # --- any page -----------------------------------------------------------------
    "unexpected": "Something went wrong. Ask your trainer for help.",
    # --- films --------------------------------------------------------------------
}


def explain(error: WorkshopError, *, ages: str | None = None) -> str:
    """The words a pupil reads for ``error``, for their age group if it has its own."""
    # TRANSITIONAL: until every raise has a cause, an error may still carry its words.
    wording = MESSAGES.get(error.cause)
    if wording is None:
        return error.friendly
    if not isinstance(wording, str):
        wording = wording.get(ages or "", wording["default"])
    return wording.format(**error.details)
