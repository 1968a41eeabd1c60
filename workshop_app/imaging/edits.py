"""Guided edits as data: the edit catalogue, recipes of steps, and undo/redo history.

An :class:`Edit` names one guided edit, says what it is called on screen, and lists
its settings (:class:`Param` sliders and :class:`Choice` pickers) with their ranges;
each setting's default leaves the photo unchanged. The UI draws sliders from
:data:`EDITS`; lesson packs choose edits by name (``"brightness"``, ``"crop"`` ...).

A :class:`Recipe` is an immutable list of steps ``(edit name, settings)``; the same
recipe drives the sliders, renders the preview and exports the full-size photo. A
:class:`History` of recipes gives undo, redo and reset.

Examples
--------
>>> import numpy as np
>>> photo = np.full((4, 6, 3), 100, dtype=np.uint8)
>>> recipe = Recipe().set("brightness", amount=20).set("contrast", amount=10)
>>> recipe.to_steps()[0]
('brightness', {'amount': 20.0})
>>> bool(recipe.apply(photo).mean() > photo.mean())
True
>>> history = History().push(recipe).push(recipe.set("sepia", amount=100))
>>> history.undo().present == recipe
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from workshop_app.errors import ImageError
from workshop_app.imaging import adjust, filters, geometry
from workshop_app.imaging.images import RGBImage, check_image, check_number, mix

__all__ = ["EDITS", "Choice", "Edit", "History", "Param", "Recipe", "Step", "get_edit"]

Value = float | str
"""A setting's value: a number for a :class:`Param`, a string for a :class:`Choice`."""


# settings


@dataclass(frozen=True, slots=True)
class Param:
    """A number setting, shown as a slider.

    Parameters
    ----------
    name
        The keyword the edit's function takes.
    label
        Words on the slider, for children.
    minimum, maximum, step
        The slider's range and step.
    default
        The value that leaves the photo unchanged.
    """

    name: str
    label: str
    minimum: float
    maximum: float
    default: float
    step: float

    def __post_init__(self) -> None:
        if not self.minimum <= self.default <= self.maximum or self.step <= 0:
            msg = f"setting {self.name!r}: needs minimum <= default <= maximum and step > 0"
            raise ValueError(msg)

    def check(self, value: object) -> float:
        """``value`` as a float, or :class:`ImageError` if it is not in range."""
        return check_number(self.name, value, self.minimum, self.maximum)


@dataclass(frozen=True, slots=True)
class Choice:
    """A setting picked from a few named options.

    Parameters
    ----------
    name
        The keyword the edit's function takes.
    label
        Words next to the picker, for children.
    options
        The values, in the order shown.
    option_labels
        Words shown for each option, in the same order.
    default
        The option that leaves the photo unchanged.
    """

    name: str
    label: str
    options: tuple[str, ...]
    option_labels: tuple[str, ...]
    default: str

    def __post_init__(self) -> None:
        if self.default not in self.options or len(self.options) != len(self.option_labels):
            msg = f"setting {self.name!r}: default must be an option; one label per option"
            raise ValueError(msg)

    def check(self, value: object) -> str:
        """``value`` if it is one of the options, else :class:`ImageError`."""
        if value not in self.options:
            msg = f"{self.name} must be one of {', '.join(self.options)}, got {value!r}"
            raise ImageError(msg, cause="edit-failed")
        return str(value)

    def label_of(self, value: str) -> str:
        """The words shown for option ``value``."""
        return self.option_labels[self.options.index(value)]


Setting = Param | Choice


@dataclass(frozen=True, slots=True)
class Edit:
    """One guided edit: its name, its label, the function and its settings.

    ``function(image, **settings)`` returns a new image; with every setting at its
    default it returns an unchanged copy.
    """

    name: str
    label: str
    function: Callable[..., RGBImage]
    params: tuple[Setting, ...]

    def defaults(self) -> dict[str, Value]:
        """Every setting at its default (the settings that change nothing)."""
        return {param.name: param.default for param in self.params}

    def settings(self, values: Mapping[str, object] | None = None) -> dict[str, Value]:
        """Checked settings: ``values`` over the defaults, in catalogue order.

        Raises
        ------
        ImageError
            For an unknown setting name or a value out of range.
        """
        values = dict(values or {})
        unknown = sorted(set(values) - {param.name for param in self.params})
        if unknown:
            known = ", ".join(param.name for param in self.params)
            msg = f"edit {self.name!r} has no setting {', '.join(unknown)} (it has: {known})"
            raise ImageError(msg, cause="edit-failed")
        return {
            param.name: param.check(values[param.name]) if param.name in values else param.default
            for param in self.params
        }

    def is_identity(self, values: Mapping[str, object] | None = None) -> bool:
        """Whether these settings leave the photo unchanged."""
        return self.settings(values) == self.defaults()

    def apply(self, image: RGBImage, values: Mapping[str, object] | None = None) -> RGBImage:
        """Run the edit on ``image`` with ``values`` (checked, over the defaults)."""
        check_image(image)
        return self.function(image, **self.settings(values))


# the catalogue's own functions, where a catalogue setting is not a function option


def _crop(
    image: RGBImage,
    *,
    shape: str = "original",
    zoom: float = 100,
    across: float = 50,
    down: float = 50,
) -> RGBImage:
    return geometry.crop_to_aspect(
        image, aspect=shape, zoom=zoom / 100, across=across / 100, down=down / 100
    )


def _rotate(image: RGBImage, *, turns: float = 0, straighten: float = 0) -> RGBImage:
    turned = geometry.rotate(image, turns=round(turns)) if turns else image
    return geometry.straighten(turned, angle=straighten)


def _flip(image: RGBImage, *, direction: str = "none") -> RGBImage:
    if direction in ("mirror", "both"):
        image = geometry.mirror(image)
    if direction in ("flip", "both"):
        return geometry.flip(image)
    return image if direction == "mirror" else image.copy()


def _black_and_white(image: RGBImage, *, amount: float = 0) -> RGBImage:
    return image.copy() if amount == 0 else mix(image, filters.black_and_white(image), amount / 100)


def _sepia(image: RGBImage, *, amount: float = 0) -> RGBImage:
    return image.copy() if amount == 0 else mix(image, filters.sepia(image), amount / 100)


def _sharpen(image: RGBImage, *, amount: float = 0) -> RGBImage:
    return filters.sharpen(image, amount=amount)


def _amount(low: float = -100, high: float = 100, label: str = "How much") -> Param:
    return Param("amount", label, low, high, 0, 1)


_CROP_SHAPES = (
    ("original", "Same shape as the photo"),
    ("3:2", "3:2 camera"),
    ("2:3", "2:3 camera, standing up"),
    ("4:3", "4:3 tablet"),
    ("3:4", "3:4 tablet, standing up"),
    ("1:1", "Square"),
    ("16:9", "16:9 wide screen"),
    ("9:16", "9:16 tall phone screen"),
)

_CATALOGUE = (
    Edit(
        "crop",
        "Crop",
        _crop,
        (
            Choice(
                "shape",
                "Shape",
                tuple(value for value, _ in _CROP_SHAPES),
                tuple(words for _, words in _CROP_SHAPES),
                "original",
            ),
            Param("zoom", "Zoom in", 100, 400, 100, 5),
            Param("across", "Move left or right", 0, 100, 50, 1),
            Param("down", "Move up or down", 0, 100, 50, 1),
        ),
    ),
    Edit(
        "rotate",
        "Turn",
        _rotate,
        (
            Param("turns", "Quarter turns clockwise", 0, 3, 0, 1),
            Param("straighten", "Straighten (degrees)", -15, 15, 0, 0.5),
        ),
    ),
    Edit(
        "flip",
        "Flip",
        _flip,
        (
            Choice(
                "direction",
                "Flip",
                ("none", "mirror", "flip", "both"),
                ("No flip", "Swap left and right", "Upside down", "Both"),
                "none",
            ),
        ),
    ),
    Edit("brightness", "Brightness", adjust.brightness, (_amount(label="Darker or lighter"),)),
    Edit("contrast", "Contrast", adjust.contrast, (_amount(label="Flatter or punchier"),)),
    Edit(
        "exposure",
        "Exposure",
        adjust.exposure,
        (
            Param("stops", "Less or more light (stops)", -3, 3, 0, 0.1),
            Param("gamma", "Darker or lighter middle tones", 0.3, 3, 1, 0.05),
        ),
    ),
    Edit("saturation", "Colour strength", adjust.saturation, (_amount(label="Greyer or bolder"),)),
    Edit("warmth", "Warmth", adjust.warmth, (_amount(label="Cooler or warmer"),)),
    Edit("black-and-white", "Black and white", _black_and_white, (_amount(0, 100),)),
    Edit("sepia", "Old photo (sepia)", _sepia, (_amount(0, 100),)),
    Edit("vignette", "Dark corners (vignette)", filters.vignette, (_amount(0, 100),)),
    Edit("sharpen", "Sharpen", _sharpen, (_amount(0, 100),)),
    Edit("blur", "Blur", filters.blur, (_amount(0, 100),)),
    Edit(
        "pixelate",
        "Pixelate",
        filters.pixelate,
        (Param("size", "Block size", 0, 10, 0, 0.5),),
    ),
)

EDITS: Mapping[str, Edit] = MappingProxyType({edit.name: edit for edit in _CATALOGUE})
"""The guided edits, by name (read-only). Lesson packs refer to these names."""


def get_edit(name: str) -> Edit:
    """The catalogue's edit called ``name``, or :class:`ImageError`."""
    try:
        return EDITS[name]
    except KeyError:
        msg = f"unknown edit {name!r}; the edits are: {', '.join(EDITS)}"
        raise ImageError(msg, cause="edit-failed") from None


# recipes


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a recipe: an edit's name and its complete, checked settings.

    Make steps with :meth:`Step.of`, which checks the settings and fills in defaults.
    """

    edit: str
    params: tuple[tuple[str, Value], ...]

    @classmethod
    def of(cls, edit: str, values: Mapping[str, object] | None = None) -> Step:
        """A checked step of ``edit`` with ``values`` over the defaults."""
        return cls(edit, tuple(get_edit(edit).settings(values).items()))

    @property
    def settings(self) -> dict[str, Value]:
        """The settings as a new dict (for sliders and for JSON)."""
        return dict(self.params)

    @property
    def is_identity(self) -> bool:
        """Whether this step leaves the photo unchanged."""
        return get_edit(self.edit).is_identity(self.settings)


@dataclass(frozen=True, slots=True)
class Recipe:
    """An immutable list of edit steps, applied in order.

    Methods that change a recipe return a new one. Steps whose settings change
    nothing are skipped when the recipe is applied.
    """

    steps: tuple[Step, ...] = ()

    @classmethod
    def from_steps(cls, steps: Iterable[tuple[str, Mapping[str, object]]]) -> Recipe:
        """A recipe from ``(edit name, settings)`` pairs, e.g. from :meth:`to_steps`.

        Raises
        ------
        ImageError
            For an unknown edit, an unknown setting or a value out of range.
        """
        return cls(tuple(Step.of(edit, values) for edit, values in steps))

    def to_steps(self) -> list[tuple[str, dict[str, Value]]]:
        """The steps as ``(edit name, settings)`` pairs of plain values (JSON-friendly)."""
        return [(step.edit, step.settings) for step in self.steps]

    def __len__(self) -> int:
        return len(self.steps)

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def settings(self, edit: str) -> dict[str, Value]:
        """The settings of the last ``edit`` step, or its defaults (to place sliders)."""
        for step in reversed(self.steps):
            if step.edit == edit:
                return step.settings
        return get_edit(edit).defaults()

    def set(self, edit: str, **values: object) -> Recipe:
        """Change settings of the last ``edit`` step, or add the step at the end."""
        for index in range(len(self.steps) - 1, -1, -1):
            step = self.steps[index]
            if step.edit == edit:
                changed = Step.of(edit, {**step.settings, **values})
                return Recipe((*self.steps[:index], changed, *self.steps[index + 1 :]))
        return self.append(edit, **values)

    def append(self, edit: str, **values: object) -> Recipe:
        """Add a step at the end, even if the edit is already in the recipe."""
        return Recipe((*self.steps, Step.of(edit, values)))

    def remove(self, edit: str) -> Recipe:
        """Take out every ``edit`` step."""
        return Recipe(tuple(step for step in self.steps if step.edit != edit))

    def apply(self, image: RGBImage) -> RGBImage:
        """Run the steps on ``image`` in order; a new image, ``image`` untouched.

        Only one intermediate image is kept at a time, so a full-size export needs
        about three photos' worth of memory (the original, the last step's result
        and the next one's).
        """
        check_image(image)
        result = image
        for step in self.steps:
            if not step.is_identity:
                result = get_edit(step.edit).function(result, **step.settings)
        return image.copy() if result is image else result


@dataclass(frozen=True, slots=True)
class History:
    """Undo, redo and reset for a recipe, as an immutable value.

    Every change returns a new ``History``; keep the latest one (for instance in the
    session state). ``limit`` caps how many undo steps are kept.

    Examples
    --------
    >>> history = History().push(Recipe().set("blur", amount=10))
    >>> history.can_undo, history.can_redo
    (True, False)
    >>> history.undo().redo() == history
    True
    >>> len(history.reset().present), history.reset().undo().present == history.present
    (0, True)
    """

    present: Recipe = field(default_factory=Recipe)
    past: tuple[Recipe, ...] = ()
    future: tuple[Recipe, ...] = ()
    limit: int = 100

    @property
    def can_undo(self) -> bool:
        return bool(self.past)

    @property
    def can_redo(self) -> bool:
        return bool(self.future)

    def push(self, recipe: Recipe) -> History:
        """Make ``recipe`` the present one; redo is cleared. Same recipe: no change."""
        if recipe == self.present:
            return self
        past = (*self.past, self.present)[-self.limit :] if self.limit > 0 else ()
        return History(recipe, past, (), self.limit)

    def undo(self) -> History:
        """Go back one recipe (no change if there is nothing to undo)."""
        if not self.past:
            return self
        return History(self.past[-1], self.past[:-1], (self.present, *self.future), self.limit)

    def redo(self) -> History:
        """Go forward one recipe (no change if there is nothing to redo)."""
        if not self.future:
            return self
        return History(self.future[0], (*self.past, self.present), self.future[1:], self.limit)

    def reset(self) -> History:
        """Back to no edits at all; reset can itself be undone."""
        return self.push(Recipe())
