"""Progress reporting: a bar on a terminal, whole lines in a log."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from tqdm import tqdm

from acthub.core.progress import PlainProgress, progress


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_a_bar() -> None:
    bar = progress(range(3), file=_Terminal(), desc="x")
    assert isinstance(bar, tqdm)
    bar.close()


def test_a_log_gets_whole_lines_at_intervals_and_at_the_end() -> None:
    out, clock = io.StringIO(), _Clock()
    bar = PlainProgress(total=10, desc="rows", unit="row", file=out, interval=5.0, clock=clock)
    bar.update(3)  # no time has passed: no line yet
    clock.now = 6.0
    bar.update(2)
    clock.now = 7.0
    bar.update(5)
    bar.close()
    bar.close()  # closing twice writes one closing line
    assert out.getvalue().splitlines() == [
        "rows: progress 5/10 row (50%) in 6.0 s",
        "rows: done 10/10 row (100%) in 7.0 s",
    ]


def test_iterating_counts_every_item_and_takes_the_length() -> None:
    out = io.StringIO()
    assert list(progress(["a", "b"], file=out, desc="sheets", unit="sheet")) == ["a", "b"]
    assert out.getvalue().startswith("sheets: done 2/2 sheet (100%)")


def test_tqdm_only_options_are_accepted_off_a_terminal() -> None:
    out = io.StringIO()
    with progress(total=2, file=out, unit=" rows", unit_scale=True, mininterval=0.5, leave=False) as bar:
        bar.update(2)
    assert "done 2/2" in out.getvalue()


@pytest.mark.django_db
def test_load_seed_writes_no_carriage_return_into_a_log(capsys: Any) -> None:
    call_command("load_seed", stdout=io.StringIO())
    err = capsys.readouterr().err
    assert "\r" not in err
    assert "done" in err
