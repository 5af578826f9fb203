"""Long work shows a progress bar on a terminal, and nothing when standard error is not a terminal
or with --quiet (semisym.progress)."""

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios

import pytest

KUBO = [sys.executable, "-m", "semisym.cli", "kubo", "ti-surface", "--param", "hbar=1", "--param", "v_F=1",
        "--param", "M=0.5", "--param", "e=1", "--param", "epsilon_F=1"]


def _stderr_on_a_terminal(cmd):
    """Run cmd with standard error on a pseudo-terminal of 100 columns; return what it wrote there."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        elif proc.poll() is not None:
            break
    proc.wait(timeout=120)
    os.close(master)
    assert proc.returncode == 0
    return out.decode(errors="replace")


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals")
def test_kubo_draws_a_bar_on_a_terminal_and_not_with_quiet():
    shown = _stderr_on_a_terminal(KUBO)
    assert "Kubo-Streda" in shown and "/7 " in shown          # steps: the Fermi sea and six broadenings
    assert _stderr_on_a_terminal(KUBO + ["--quiet"]).strip() == ""


def test_no_bar_off_a_terminal():
    r = subprocess.run(KUBO, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and r.stderr == ""
