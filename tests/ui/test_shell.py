"""The error edge: pupils get the catalogue's words for the cause, never a traceback."""

from streamlit.testing.v1 import AppTest

from workshop_app.ui.messages import MESSAGES


def page_raising(error_name: str) -> None:
    from workshop_app.errors import ImageError
    from workshop_app.ui import shell

    errors = {
        "workshop": ImageError("cannot identify image file", cause="not-a-photo"),
        "default": ImageError("decoder said no"),
        "unexpected": KeyError("boom"),
    }

    class Page:
        def run(self) -> None:
            raise errors[error_name]

    shell.run_safely(Page())


def run(error_name: str) -> AppTest:
    at = AppTest.from_function(page_raising, args=(error_name,), default_timeout=30)
    return at.run()


def test_workshop_error_shows_the_words_for_its_cause():
    at = run("workshop")
    assert not at.exception
    assert [e.value for e in at.error] == [MESSAGES["not-a-photo"]]


def test_workshop_error_without_a_cause_shows_its_class_words():
    at = run("default")
    assert not at.exception
    assert [e.value for e in at.error] == [MESSAGES["photo-unreadable"]]


def test_unexpected_error_shows_a_calm_message_and_no_details():
    at = run("unexpected")
    assert not at.exception
    [message] = [e.value for e in at.error]
    assert message == MESSAGES["page-failed"]
    assert message.startswith("Oops! Something went wrong on this page. Your work is safe.")
    assert "boom" not in message
    assert "KeyError" not in message
