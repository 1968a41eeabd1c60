from workshop_app.lessons.steps import Section, image_problems, parse_step


def test_blocks_and_hint_ladder_in_order():
    content, problems = parse_step(
        "Intro\n--- task ---\nDo it\n--- /task ---\nMiddle\n"
        "--- hints ---\n--- hint ---\nOne\n--- /hint ---\n--- hint ---\nTwo\n--- /hint ---\n"
        "--- /hints ---\n--- challenge ---\nMore\n--- /challenge ---\n"
    )
    assert problems == []
    assert content.sections == (
        Section("text", "Intro"),
        Section("task", "Do it"),
        Section("text", "Middle"),
        Section("hints", hints=("One", "Two")),
        Section("challenge", "More"),
    )
    assert content.ladders == (("One", "Two"),)


def test_each_task_can_have_its_own_hint_ladder():
    ladder = "--- hints ---\n--- hint ---\n{}\n--- /hint ---\n--- /hints ---\n"
    content, problems = parse_step(
        "--- task ---\nA\n--- /task ---\n"
        + ladder.format("For A")
        + "--- task ---\nB\n--- /task ---\n"
        + ladder.format("For B")
    )
    assert problems == []
    assert [s.kind for s in content.sections] == ["task", "hints", "task", "hints"]
    assert content.ladders == (("For A",), ("For B",))


def test_code_fences_with_dashes_are_not_markers():
    content, problems = parse_step("```python\nx = 1 --- 2\n```\n")
    assert problems == []
    assert content.sections[0].text.startswith("```python")


def test_picture_on_its_own_line_becomes_an_image_section():
    content, problems = parse_step("Look:\n![A grid](images/grid.png)\nThen go.\n")
    assert problems == []
    assert content.sections == (
        Section("text", "Look:"),
        Section("image", "images/grid.png", "A grid"),
        Section("text", "Then go."),
    )


def test_text_loose_inside_hints_is_a_problem():
    _, problems = parse_step("--- hints ---\nstray\n--- /hints ---\n")
    assert [p.message for p in problems] == ["text inside 'hints' must be in a 'hint' block"]


def test_picture_mid_sentence_is_a_problem():
    problems = image_problems("See ![x](images/x.png) here\n")
    assert problems[0].message == "picture 'images/x.png' must be on a line of its own"


def test_a_leading_title_heading_is_left_out():
    content, problems = parse_step("\n# Take a portrait\n\nSmile.\n## Then\nMore\n")
    assert problems == []
    assert content.sections == (Section("text", "Smile.\n## Then\nMore"),)
