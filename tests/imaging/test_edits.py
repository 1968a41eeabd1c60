from __future__ import annotations

import json

import numpy as np
import pytest

from workshop_app.errors import ImageError
from workshop_app.imaging.adjust import brightness, contrast
from workshop_app.imaging.edits import EDITS, Choice, History, Param, Recipe, Step, get_edit
from workshop_app.imaging.geometry import rotate
from workshop_app.lessons.model import EDIT_NAMES


def _changed_settings(edit_name: str) -> dict[str, object]:
    """Every setting of an edit moved away from its default."""
    changed: dict[str, object] = {}
    for param in EDITS[edit_name].params:
        if isinstance(param, Choice):
            changed[param.name] = next(o for o in param.options if o != param.default)
        else:
            far = param.maximum if param.maximum != param.default else param.minimum
            changed[param.name] = param.default + (far - param.default) / 2
    return changed


def test_catalogue_has_exactly_the_edits_lesson_packs_name():
    assert tuple(EDITS) == EDIT_NAMES


def test_catalogue_is_read_only():
    with pytest.raises(TypeError):
        EDITS["new"] = EDITS["blur"]  # type: ignore[index]


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_each_edit_is_described_for_sliders(name):
    edit = EDITS[name]
    assert edit.name == name
    assert edit.label
    assert edit.params
    for param in edit.params:
        assert param.label
        if isinstance(param, Param):
            assert param.minimum <= param.default <= param.maximum
            assert param.step > 0
            assert param.minimum < param.maximum
        else:
            assert param.default in param.options
            assert len(param.option_labels) == len(param.options)


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_each_edit_at_its_defaults_changes_nothing(name, photo):
    edit = EDITS[name]
    assert edit.is_identity(edit.defaults())
    result = edit.apply(photo)
    assert not np.shares_memory(result, photo)
    np.testing.assert_array_equal(result, photo)


@pytest.mark.parametrize("name", EDIT_NAMES)
def test_each_edit_changes_the_photo_when_moved_and_leaves_the_input_alone(name, photo):
    before = photo.copy()
    settings = _changed_settings(name)
    assert not EDITS[name].is_identity(settings)
    result = EDITS[name].apply(photo, settings)
    np.testing.assert_array_equal(photo, before)
    assert result.dtype == np.uint8
    assert result.ndim == 3
    assert result.shape[2] == 3
    assert result.shape != photo.shape or not np.array_equal(result, photo)


@pytest.mark.parametrize("name", ["black-and-white", "sepia"])
def test_on_off_effects_fade_in_with_their_amount(name, photo):
    edit = EDITS[name]
    half = edit.apply(photo, {"amount": 50}).astype(int)
    full = edit.apply(photo, {"amount": 100}).astype(int)
    assert np.abs(full - photo).mean() > np.abs(half - photo).mean() > 0


def test_flip_edit_directions(photo):
    flip = EDITS["flip"]
    np.testing.assert_array_equal(flip.apply(photo, {"direction": "mirror"}), photo[:, ::-1])
    np.testing.assert_array_equal(flip.apply(photo, {"direction": "flip"}), photo[::-1])
    np.testing.assert_array_equal(flip.apply(photo, {"direction": "both"}), photo[::-1, ::-1])


@pytest.mark.parametrize(
    ("name", "settings", "message"),
    [
        ("brightness", {"amount": 500}, "amount"),
        ("brightness", {"level": 5}, "no setting level"),
        ("crop", {"shape": "5:4"}, "shape"),
        ("flip", {"direction": "sideways"}, "direction"),
        ("pixelate", {"size": "big"}, "size"),
    ],
)
def test_bad_settings_are_image_errors(name, settings, message, photo):
    with pytest.raises(ImageError, match=message):
        EDITS[name].apply(photo, settings)
    with pytest.raises(ImageError, match=message):
        Recipe().set(name, **settings)


def test_unknown_edit_names_are_image_errors():
    with pytest.raises(ImageError, match="unknown edit 'glitter'"):
        get_edit("glitter")
    with pytest.raises(ImageError, match="glitter"):
        Recipe.from_steps([("glitter", {})])


def test_settings_must_fit_their_ranges():
    with pytest.raises(ValueError, match="default"):
        Param("x", "X", 0, 10, 20, 1)
    with pytest.raises(ValueError, match="default"):
        Choice("x", "X", ("a", "b"), ("A", "B"), "c")


def test_recipe_applies_its_steps_in_order(photo):
    recipe = Recipe().set("brightness", amount=10).set("contrast", amount=30)
    expected = contrast(brightness(photo, amount=10), amount=30)
    np.testing.assert_array_equal(recipe.apply(photo), expected)
    turned_then_bright = Recipe().set("rotate", turns=1).set("brightness", amount=10)
    np.testing.assert_array_equal(
        turned_then_bright.apply(photo), brightness(rotate(photo, turns=1), amount=10)
    )


def test_empty_recipe_and_identity_steps_give_an_unchanged_copy(photo):
    for recipe in (Recipe(), Recipe().set("blur", amount=0).set("crop")):
        result = recipe.apply(photo)
        assert not np.shares_memory(result, photo)
        np.testing.assert_array_equal(result, photo)


def test_recipe_is_immutable_and_set_replaces_the_step(photo):
    first = Recipe().set("brightness", amount=10)
    second = first.set("brightness", amount=20)
    assert first.settings("brightness") == {"amount": 10.0}
    assert second.settings("brightness") == {"amount": 20.0}
    assert len(second) == 1
    assert len(second.append("brightness", amount=5)) == 2
    assert second.remove("brightness") == Recipe()
    assert Recipe().settings("exposure") == {"stops": 0, "gamma": 1}
    with pytest.raises(AttributeError):
        first.steps = ()  # type: ignore[misc]
    assert hash(first) != hash(second)


def test_set_keeps_the_other_settings_of_the_step():
    recipe = Recipe().set("crop", shape="1:1", zoom=150).set("crop", zoom=200)
    assert recipe.settings("crop") == {"shape": "1:1", "zoom": 200.0, "across": 50, "down": 50}


def test_recipe_round_trips_through_plain_json(photo):
    recipe = Recipe().set("crop", shape="3:2").set("warmth", amount=-20).append("blur", amount=5)
    text = json.dumps(recipe.to_steps())
    again = Recipe.from_steps(json.loads(text))
    assert again == recipe
    np.testing.assert_array_equal(again.apply(photo), recipe.apply(photo))
    assert [step.edit for step in again] == ["crop", "warmth", "blur"]
    assert Step.of("warmth", {"amount": -20}) == again.steps[1]


def test_history_undo_redo_and_reset():
    one = Recipe().set("brightness", amount=10)
    two = one.set("contrast", amount=20)
    history = History().push(one).push(two)
    assert history.present == two
    assert history.undo().present == one
    assert history.undo().undo().present == Recipe()
    assert history.undo().undo().undo() == history.undo().undo()  # nothing more to undo
    assert history.undo().redo() == history
    assert history.redo() == history  # nothing to redo
    branched = history.undo().push(one.set("sepia", amount=50))
    assert not branched.can_redo
    reset = history.reset()
    assert reset.present == Recipe()
    assert reset.undo().present == two
    assert history.push(two) is history


def test_history_keeps_at_most_its_limit():
    history = History(limit=3)
    for amount in range(1, 10):
        history = history.push(Recipe().set("blur", amount=amount))
    assert len(history.past) == 3
    assert history.undo().undo().undo().present == Recipe().set("blur", amount=6)
