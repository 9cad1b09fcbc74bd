"""Work handed to a child process (lib/background.py): the value or the error comes back, a child
that dies leaves the work to this process with a warning, and the caller's script never runs twice."""

import os
import subprocess
import sys
import textwrap
import time

import pytest

from ai_artist_dagster.lib.background import InChild


def whose_pid() -> int:
    return os.getpid()


def refuse(word: str) -> None:
    raise ValueError(f"no {word}")


def die_in_a_child(parent: int) -> str:
    if os.getpid() != parent:
        os._exit(3)  # as a child killed mid-work would end
    return "done here"


def test_the_value_comes_from_another_process():
    assert InChild(whose_pid, what="pid", child=True).result() != os.getpid()


def test_without_a_spare_core_the_work_runs_here(monkeypatch):
    from ai_artist_dagster.lib import background

    monkeypatch.setattr(background, "idle_cores", lambda: 0.2)  # every core busy
    assert InChild(whose_pid, what="pid").result() == os.getpid()
    monkeypatch.setattr(background, "idle_cores", lambda: 1.0)  # only the core this process sleeps on
    assert InChild(whose_pid, what="pid").result() == os.getpid()
    monkeypatch.setattr(background, "idle_cores", lambda: 1.9)  # another core idle too
    assert InChild(whose_pid, what="pid").result() != os.getpid()


def test_a_core_that_comes_free_later_takes_the_work_at_the_second_look(monkeypatch):
    from ai_artist_dagster.lib import background

    monkeypatch.setattr(background, "usable_cores", lambda: 2)
    monkeypatch.setattr(background, "idle_cores", lambda: 0.2)  # the other worker is busy
    later = InChild(whose_pid, what="pid")
    assert not later.start_if_spare()  # still busy: the work stays here
    monkeypatch.setattr(background, "idle_cores", lambda: 1.9)  # the other worker has finished
    assert later.start_if_spare()
    assert later.result() != os.getpid()
    done = InChild(whose_pid, what="pid", child=False)
    assert done.result() == os.getpid()
    assert not done.start_if_spare()  # its work was done here already: nothing starts twice


def test_a_process_pinned_to_one_core_has_none_to_spare():
    # Its own core looks idle while it sleeps to take the sample; that core is not a spare one.
    out = subprocess.run(
        [sys.executable, "-c", "from ai_artist_dagster.lib.background import spare_core; print(spare_core())"],
        capture_output=True,
        text=True,
        check=True,
        preexec_fn=lambda: os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}),
    )
    assert out.stdout.strip() == "False"


def test_a_core_busy_elsewhere_is_not_spare():
    from ai_artist_dagster.lib.background import spare_core

    others = len(os.sched_getaffinity(0)) - 1  # every core but the one this process would give back
    spins = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(others)]
    try:
        time.sleep(0.3)
        assert not spare_core()
    finally:
        for spin in spins:
            spin.kill()
            spin.wait()


def test_idle_cores_sees_a_busy_core():
    from ai_artist_dagster.lib.background import idle_cores

    cores = len(os.sched_getaffinity(0))
    spin = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        time.sleep(0.3)
        busy = idle_cores(0.5)
    finally:
        spin.kill()
        spin.wait()
    assert 0.0 <= busy <= cores - 0.7  # the spinning process holds about one core


def test_the_functions_own_error_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="no entry"):
        InChild(refuse, "entry", what="refusal", child=True).result()


def test_a_child_that_dies_leaves_the_work_to_this_process_with_a_warning():
    warnings: list[str] = []
    assert (
        InChild(die_in_a_child, os.getpid(), what="the test work", warn=warnings.append, child=True).result()
        == "done here"
    )
    assert len(warnings) == 1 and "the test work: the child process failed" in warnings[0] and "exit 3" in warnings[0]


def test_a_script_without_a_main_guard_runs_once(tmp_path):
    # multiprocessing's spawn imports the caller's main script again in the child: a script that
    # materializes at top level would make its piece twice. The child here runs only the function.
    marker = tmp_path / "runs.txt"
    script = tmp_path / "script.py"
    script.write_text(
        textwrap.dedent(f"""
            from ai_artist_dagster.lib.background import InChild
            from ai_artist_dagster_tests.test_background import whose_pid
            with open({str(marker)!r}, "a") as f:
                f.write("ran\\n")
            import os
            print(os.getpid(), InChild(whose_pid, what="pid", child=True).result())
        """)
    )
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=os.getcwd())
    assert done.returncode == 0, done.stderr
    assert marker.read_text() == "ran\n"
    mine, childs = done.stdout.split()
    assert mine != childs
