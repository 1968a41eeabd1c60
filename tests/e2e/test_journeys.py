"""The workshop day in a real browser: a pupil's lesson and the teacher page.

Each journey's key screens are looked at on a 1366x768 laptop and at 200% zoom: checked for
cut-off text and small buttons, and kept as screenshots under ``test-output/e2e/``. A journey
fails if the browser asked for anything off this machine. The expected words come from the
shipped lesson packs.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest

from tests.e2e.conftest import (
    LAPTOP,
    ROOT,
    ZOOM_200,
    AppPage,
    off_machine,
    record_requests,
)
from workshop_app.lessons import LessonPack, Library, load_library
from workshop_app.lessons.progress import Progress

try:
    from playwright.sync_api import expect
except ImportError:  # the browser tests skip (see conftest.py)
    expect = None

PUPIL_PACK = "photo-day-9-11"
DAY_STARTS = dt.datetime(2000, 1, 1, 9, 0)  # the teacher page's default start time


@pytest.fixture(scope="module")
def library() -> Library:
    """The shipped lesson packs, as the app reads them; all of them must open."""
    library = load_library(ROOT / "lessons")
    assert not library.problems, library.problems
    return library


def test_the_privacy_check_allows_only_this_machine():
    urls = [
        "http://127.0.0.1:8501/",
        "ws://127.0.0.1:8501/_stcore/stream",
        "http://localhost:8501/static/js/index.js",
        "http://[::1]:8501/",
        "data:image/png;base64,AAAA",
        "blob:http://127.0.0.1:8501/0b6e",
        "https://fonts.googleapis.com/css2?family=Material+Symbols",
        "https://webhooks.fivetran.com/webhooks/4a3a",
        "http://192.168.1.20:8501/",
        "ftp://127.0.0.1/",
    ]
    assert off_machine(urls) == urls[-4:]


@pytest.mark.browser
def test_the_privacy_check_sees_a_request_off_the_machine(browser):
    context = browser.new_context()
    # Answered inside the browser, so nothing really leaves the machine.
    context.route("https://fonts.example.invalid/**", lambda route: route.fulfill(body="{}"))
    try:
        requests = record_requests(context)
        page = context.new_page()
        page.set_content("<p>Hello</p>")
        page.evaluate("() => fetch('https://fonts.example.invalid/font.css')")
    finally:
        context.close()
    assert off_machine(requests) == ["https://fonts.example.invalid/font.css"]


# Every kind of problem the layout check looks for, and two things it must leave alone.
BROKEN_LAYOUT = """
<div data-testid="stMain" style="font: 16px sans-serif">
  <p style="width: 80px; overflow: hidden; white-space: nowrap">Cut off at the side, sadly</p>
  <p style="height: 12px; overflow: hidden">Cut off<br>at the bottom</p>
  <div class="stButton">
    <button style="width: 60px; height: 48px; white-space: nowrap">Show another hint</button>
  </div>
  <div class="stButton"><button style="width: 30px; height: 20px">X</button></div>
  <p style="width: 80px; overflow: hidden">Wraps onto more lines, which is fine</p>
  <details><summary>Closed</summary><p style="width: 9px; overflow: hidden">Not shown</p></details>
</div>
"""


@pytest.mark.browser
def test_the_layout_check_finds_cut_off_text_and_small_buttons(browser):
    context = browser.new_context(viewport={"width": LAPTOP.width, "height": LAPTOP.height})
    try:
        page = context.new_page()
        page.set_content(BROKEN_LAYOUT)
        app = AppPage(page=page, url="", cdp=context.new_cdp_session(page))
        problems = app.layout_problems()
    finally:
        context.close()
    assert len(problems) == 4, problems
    assert problems[0].startswith("text cut off at the side"), problems
    assert "Cut off at the side" in problems[0]
    assert problems[1].startswith("text cut off at the bottom"), problems
    assert problems[2].startswith("button text wider than its button"), problems
    assert problems[3] == '"X" is 30x20 px', problems


@pytest.mark.browser
def test_pupil_picks_an_age_group_and_finishes_a_lesson(app, library):
    page, main = app.page, app.main
    groups = library.age_groups()
    assert groups == ["8-9", "9-11", "12-14"]
    expect(app.heading).to_have_text("Welcome to the workshop!")
    expect(main.get_by_role("button", name=re.compile(r"^Ages "))).to_have_text(
        [f"Ages {group}" for group in groups]
    )

    # Each age group lists its own packs and no other.
    starts = app.button("Start this lesson")
    for group in [*groups, "9-11"]:
        app.press(app.button(f"Ages {group}"))
        packs = library.for_age_group(group)
        expect(main.locator("h3")).to_have_text([pack.title for pack in packs])
        expect(starts).to_have_count(len(packs))
    app.snap("pupil-1-home-ages-9-11")

    pack = library.by_id(PUPIL_PACK)
    assert pack is not None
    app.press(starts.nth(library.for_age_group("9-11").index(pack)))

    # Every step, in order, with its title as the page heading; a hint on the first step
    # that has hints.
    pages = Progress.page_count(pack)
    hinted = next(i for i, step in enumerate(pack.steps) if step.content.ladders)
    doubled = []
    for number, step in enumerate(pack.steps, start=1):
        expect(app.heading).to_have_text(step.title)
        if main.get_by_role("heading", level=1, name=step.title, exact=True).count() > 1:
            doubled.append(step.title)
        expect(page.get_by_test_id("stProgress")).to_contain_text(f"Page {number} of {pages}")
        if number - 1 == hinted:
            _reveal_first_hint(app, step)
            app.snap("pupil-2-lesson-step-with-hint")
        app.press(app.button("Next"))

    _answer_the_quiz(app, pack)

    app.press(app.button("Next"))
    expect(app.heading).to_have_text("You finished the lesson!")
    total = len(pack.manifest.quiz)
    expect(main).to_contain_text(f"You got {total} of {total} quiz questions right.")
    expect(app.button("Pick another lesson")).to_be_visible()
    app.snap("pupil-4-finished")
    app.assert_stayed_on_machine()
    assert not doubled, f"step title shown twice on {len(doubled)} steps: {doubled}"


def _reveal_first_hint(app, step) -> None:
    hints = step.content.ladders[0]
    app.press(app.button(f"Show a hint (1 of {len(hints)})"))
    expect(app.main.get_by_test_id("stAlert").filter(has_text="Hint 1")).to_have_count(1)
    expect(app.main.get_by_test_id("stAlert").filter(has_text="Hint 2")).to_have_count(0)
    if len(hints) > 1:
        expect(app.button(f"Show another hint (2 of {len(hints)})")).to_be_visible()


def _answer_the_quiz(app, pack: LessonPack) -> None:
    """A wrong answer to the first question, then the right answer to every question."""
    main = app.main
    quiz = pack.manifest.quiz
    assert quiz, f"{pack.id} has no quiz"
    expect(app.heading).to_have_text("Quiz time")
    questions = main.get_by_test_id("stRadio")
    checks = app.button("Check")
    warnings = main.get_by_test_id("stAlertContentWarning")
    successes = main.get_by_test_id("stAlertContentSuccess")
    expect(questions).to_have_count(len(quiz))
    expect(checks.first).to_be_disabled()  # nothing picked yet

    for number, question in enumerate(quiz):
        options = questions.nth(number).get_by_test_id("stRadioOption")
        expect(options).to_have_count(len(question.choices))
        right = next(i for i, choice in enumerate(question.choices) if choice.correct)
        if number == 0:
            wrong = next(i for i, choice in enumerate(question.choices) if not choice.correct)
            app.press(options.nth(wrong))
            app.press(checks.nth(number))
            expect(warnings).to_have_count(1)
            expect(warnings).to_contain_text("Not quite.")
            expect(successes).to_have_count(0)
            app.snap("pupil-3-quiz-wrong-answer")
        app.press(options.nth(right))
        app.press(checks.nth(number))
        expect(successes).to_have_count(number + 1)
        expect(successes.nth(number)).to_contain_text("Yes!")
        expect(warnings).to_have_count(0)


@pytest.mark.browser
def test_teacher_sees_every_pack_with_objectives_and_trainer_script(app, library):
    page = app.page
    # On a narrow screen the navigation is in the sidebar; on the laptop, in the top bar.
    app.use_screen(ZOOM_200)
    app.go_to("Teachers", section="For adults")
    expect(app.heading).to_have_text("For teachers and trainers")
    app.use_screen(LAPTOP)
    app.go_to("Start")
    expect(app.heading).to_have_text("Welcome to the workshop!")
    app.go_to("Teachers", section="For adults")
    expect(app.heading).to_have_text("For teachers and trainers")
    packs = sorted(library.packs, key=lambda p: (p.manifest.ages.youngest, p.title))
    assert len(packs) == 3
    tabs = app.main.get_by_role("tab")
    expect(tabs).to_have_text([f"Ages {pack.manifest.ages.label}" for pack in packs])

    for number, pack in enumerate(packs):
        tabs.nth(number).click()
        expect(tabs.nth(number)).to_have_attribute("aria-selected", "true")
        panel = app.main.get_by_role("tabpanel")
        expect(panel).to_have_count(1)  # the other tabs' panels are hidden
        expect(panel.locator("h2").first).to_have_text(pack.title)
        expect(panel.locator("h3").first).to_have_text("Learning objectives")
        # In order, among the page's list items.
        expect(panel.get_by_role("listitem")).to_contain_text(pack.manifest.objectives)
        table = panel.get_by_test_id("stDataFrame")
        expect(table).to_be_visible()
        if number == 0:
            app.snap("teacher-1-first-pack")
        _check_trainer_script(app, table, pack)
    app.assert_stayed_on_machine()
    assert page.url.endswith("/teacher")


def _check_trainer_script(app, table, pack: LessonPack) -> None:
    """The timings table, read back through the table's own "Download as CSV" button."""
    # Chromium's save-file dialog cannot be answered headless; without it the table
    # falls back to an ordinary download (Streamlit's own e2e test does the same).
    app.page.evaluate("() => { window.showSaveFilePicker = () => { throw new Error('e2e') } }")
    table.hover()
    data = app.download(table.get_by_role("button", name="Download as CSV"))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    script = pack.manifest.trainer_script
    assert [row["Part"] for row in rows] == [segment.title for segment in script]
    assert [row["Minutes"] for row in rows] == [str(segment.minutes) for segment in script]
    assert [row["Time"] for row in rows] == [
        f"{_clock(segment.at)}-{_clock(segment.at + segment.minutes)}" for segment in script
    ]
    assert [row["Pause point"] for row in rows] == [
        "yes" if segment.pause else "" for segment in script
    ]


def _clock(minutes: int) -> str:
    return (DAY_STARTS + dt.timedelta(minutes=minutes)).strftime("%H:%M")
