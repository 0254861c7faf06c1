"""Progress of long commands: a tqdm bar on a terminal, plain dated lines in a log.

A bar redraws its line with carriage returns, which a terminal understands and a log file (a systemd
journal, CI output, `make run > log`) keeps as one garbled line. So `progress()` draws a bar only when
its stream is a terminal, and otherwise writes a complete line now and then (at most every
`interval` seconds, and at the end), which a log reader can follow.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator, Sized
from typing import IO, Any

from tqdm import tqdm


class PlainProgress:
    """The part of tqdm's interface that acthub's commands use, writing whole lines instead of a bar."""

    def __init__(
        self,
        iterable: Iterable[Any] | None = None,
        *,
        total: int | None = None,
        desc: str = "",
        unit: str = "it",
        disable: bool = False,
        file: IO[str] | None = None,
        interval: float = 5.0,
        clock: Any = time.monotonic,
    ) -> None:
        self.iterable = iterable
        if total is None and isinstance(iterable, Sized):
            total = len(iterable)
        self.total = total
        self.desc = desc
        self.unit = unit
        self.disable = disable
        self.file = file if file is not None else sys.stderr
        self.interval = interval
        self.clock = clock
        self.n = 0
        self.postfix = ""
        self._started = clock()
        self._last = self._started
        self._closed = False

    def __iter__(self) -> Iterator[Any]:
        if self.iterable is None:
            raise TypeError("PlainProgress was given nothing to iterate over")
        for item in self.iterable:
            yield item
            self.update()
        self.close()

    def __enter__(self) -> PlainProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def update(self, n: int = 1) -> None:
        """Count `n` more done; write a line when `interval` seconds have passed since the last."""
        self.n += n
        now = self.clock()
        if now - self._last >= self.interval:
            self._last = now
            self._line()

    def set_description(self, desc: str) -> None:
        self.desc = desc

    def set_postfix_str(self, text: str) -> None:
        self.postfix = text

    def write(self, text: str, file: IO[str] | None = None) -> None:
        """Write a message line (tqdm's `write`, which keeps messages apart from the bar)."""
        print(text, file=file if file is not None else self.file)

    def close(self) -> None:
        """Write the closing line once."""
        if self._closed:
            return
        self._closed = True
        self._line(final=True)

    def _line(self, *, final: bool = False) -> None:
        if self.disable:
            return
        elapsed = self.clock() - self._started
        done = f"{self.n:,}" + (f"/{self.total:,}" if self.total is not None else "")
        share = f" ({100 * self.n / self.total:.0f}%)" if self.total else ""
        what = f"{self.desc}: " if self.desc else ""
        extra = f" [{self.postfix}]" if self.postfix else ""
        state = "done" if final else "progress"
        print(f"{what}{state} {done} {self.unit}{share} in {elapsed:.1f} s{extra}", file=self.file, flush=True)


def progress(iterable: Iterable[Any] | None = None, *, file: IO[str] | None = None, **kwargs: Any) -> Any:
    """A progress reporter: tqdm on a terminal, `PlainProgress` lines elsewhere (same arguments)."""
    stream = file if file is not None else sys.stderr
    if getattr(stream, "isatty", lambda: False)():
        return tqdm(iterable, file=stream, **kwargs)
    for tqdm_only in ("leave", "mininterval", "unit_scale"):  # how a bar draws; a line has no use for them
        kwargs.pop(tqdm_only, None)
    return PlainProgress(iterable, file=stream, **kwargs)
