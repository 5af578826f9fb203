"""Output files, written safely: every path is checked before any work starts (its folder exists
and is writable, its extension is known, it is not a folder, two outputs of one command are not the
same file, an existing file is not replaced without ``force``), and every file is written under a
temporary name in the same folder and renamed when complete, so that an interrupt leaves either the
old file or the whole new one."""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from semisym.errors import SemisymError


class OutputError(SemisymError):
    """An output path cannot be written as asked."""


def check_outputs(paths, force=False):
    """Check every output [(path, allowed extensions: a tuple, or None for any)] before any work
    starts; returns the paths.  Raises OutputError naming the problem."""
    seen = {}
    out = []
    for path, allowed in paths:
        if path is None:
            continue
        p = Path(path)
        r = p.resolve()
        if r in seen:
            raise OutputError(f"{path} is given twice (also as {seen[r]}): the second file would replace the first")
        seen[r] = path
        if p.is_dir():
            raise OutputError(f"{path} is a folder, not a file")
        if allowed and p.suffix.lower() not in allowed:
            raise OutputError(f"{path}: unknown file type '{p.suffix}' (use {', '.join(allowed)})")
        folder = p.parent if str(p.parent) else Path(".")
        if not folder.is_dir():
            raise OutputError(f"{path}: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK):
            raise OutputError(f"{path}: the folder {folder} is not writable")
        if p.exists() and not force:
            raise OutputError(f"{path} exists: give --force to replace it")
        out.append(p)
    return out


def check_folder(path, names, force=False):
    """An output folder (created if missing, with its parent existing) and the files ``names`` that
    will be written into it: none may exist unless ``force``."""
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise OutputError(f"{path} is a file, not a folder")
    if not p.exists():
        if not p.parent.is_dir():
            raise OutputError(f"{path}: the folder {p.parent} does not exist")
    elif not os.access(p, os.W_OK):
        raise OutputError(f"{path} is not writable")
    existing = [n for n in names if (p / n).exists()]
    if existing and not force:
        raise OutputError(f"{p / existing[0]} exists ({len(existing)} of the files): give --force to replace them")
    p.mkdir(exist_ok=True)
    return p


@contextmanager
def atomic_path(path):
    """A temporary path in the folder of ``path`` (same extension) to write to; renamed onto
    ``path`` when the block completes, removed if it fails or is interrupted."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent or ".")
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)           # mkstemp makes the file private; a result is not
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_text(path, text):
    """Write ``text`` to ``path`` atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)
