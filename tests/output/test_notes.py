"""derivations/notes.md is typeset: every formula is mathematics ($...$ or $$...$$, rendered by
MathJax on the documentation site), no ASCII formula is left in the text."""

import re
from pathlib import Path

NOTES = Path(__file__).parents[2] / "derivations" / "notes.md"

#: pieces of ASCII formulas: TeX-like names, carets, subscripts and arrows outside mathematics
ASCII = re.compile(r"hbar|eps_|epsilon|sum_|\^|\bu_0\b|sigma_|->|\bxi\b|\btau\b|rho\b|\\")


def test_no_ascii_formulas_outside_mathematics():
    text = NOTES.read_text()
    text = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    text = re.sub(r"\$[^$\n]+\$", "", text)
    text = re.sub(r"`[^`]*`", "", text)
    left = [line for line in text.splitlines() if ASCII.search(line)]
    assert not left, "ASCII formulas in derivations/notes.md:\n" + "\n".join(left[:10])


def test_mathematics_is_balanced():
    text = re.sub(r"`[^`]*`", "", NOTES.read_text())
    assert text.count("$$") % 2 == 0
    inline = re.sub(r"\$\$.*?\$\$", "", text, flags=re.S)
    for line in inline.splitlines():
        assert line.count("$") % 2 == 0, line
