"""Progress bars for long work (tqdm): drawn on standard error when it is a terminal, silent when it
is not (pipes, files, CI logs) or when the user asks for quiet (``--quiet``).

Library functions take ``progress=None`` or a bar from :func:`bar`; they set its total when they
know it and advance it by one for each step done (a broadening of the Kubo limit, an energy of a
thermal average, a point of a sweep, a document)."""

from __future__ import annotations

import sys


def bar(desc: str, quiet: bool = False, total: int | None = None, unit: str = "step"):
    """A tqdm bar (a context manager) that draws only on a terminal and only when not ``quiet``."""
    from tqdm import tqdm
    stream = sys.stderr
    shown = not quiet and hasattr(stream, "isatty") and stream.isatty()
    return tqdm(total=total, desc=desc, unit=unit, file=stream, disable=not shown, leave=False,
                dynamic_ncols=True)


def expect(progress, total: int):
    """Tell ``progress`` (a bar or None) that ``total`` more steps are coming."""
    if progress is not None:
        progress.total = (progress.total or 0) + total
        progress.refresh()


def step(progress, n: int = 1):
    """Advance ``progress`` (a bar or None) by ``n`` steps."""
    if progress is not None:
        progress.update(n)
