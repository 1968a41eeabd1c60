from workshop_app.lessons import load_pack
from workshop_app.lessons.progress import Progress


def test_moves_through_steps_quiz_and_finish(make_pack):
    pack = load_pack(make_pack())
    progress = Progress(pack.id)
    assert progress.on_step(pack)
    assert Progress.page_count(pack) == 4  # two steps, the quiz, the finished page
    progress = progress.next(pack).next(pack)
    assert progress.on_quiz(pack)
    progress = progress.next(pack).next(pack)  # cannot go past the end
    assert progress.finished(pack)
    assert progress.page == 3
    assert progress.back(pack).on_quiz(pack)
    assert Progress(pack.id).back(pack).page == 0


def test_hints_are_revealed_one_at_a_time_per_step(make_pack):
    pack = load_pack(make_pack())
    progress = Progress(pack.id)
    assert progress.hints_for(pack) == ()
    progress = progress.show_hint(pack)
    assert progress.hints_for(pack) == ("Stand back one step.",)
    progress = progress.show_hint(pack).show_hint(pack)  # only two hints exist
    assert len(progress.hints_for(pack)) == 2
    assert progress.next(pack).hints_for(pack) == ()  # the next step starts with none
    assert progress.next(pack).back(pack).hints_for(pack) == progress.hints_for(pack)


def test_each_ladder_keeps_its_own_count(make_pack):
    ladder = (
        "--- hints ---\n--- hint ---\n{0}1\n--- /hint ---\n"
        "--- hint ---\n{0}2\n--- /hint ---\n--- /hints ---\n"
    )
    pack = load_pack(
        make_pack(
            steps={"01-welcome.md": ladder.format("A") + ladder.format("B"), "02-portrait.md": "Hi"}
        )
    )
    progress = Progress(pack.id).show_hint(pack, 1)
    assert progress.hints_for(pack, 0) == ()
    assert progress.hints_for(pack, 1) == ("B1",)
    assert progress.show_hint(pack, 0).hints_for(pack, 0) == ("A1",)


def test_quiz_score_counts_right_answers(make_pack):
    pack = load_pack(make_pack())
    progress = Progress(pack.id)
    assert progress.quiz_score(pack) == (0, 1)
    assert progress.answer("eyes", 1).quiz_score(pack) == (0, 1)
    assert progress.answer("eyes", 0).quiz_score(pack) == (1, 1)


def test_moves_leave_the_old_progress_unchanged(make_pack):
    pack = load_pack(make_pack())
    start = Progress(pack.id)
    start.next(pack).show_hint(pack).answer("eyes", 0)
    assert start == Progress(pack.id)
