"""Runs every ```python block of the READMEs as a user pastes it: as a script of its own, in a
fresh interpreter, with the DATABRAIN_* variables pointing at the bundled mock (reset for each
block). Framework blocks get their framework from the block's hidden prelude/check
(preludes/<id>.py). Then mypy checks them all at once, as a user's type checker would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, Iterator, List

import pytest

from databrain.testing import MockServer

HERE = Path(__file__).resolve().parent
SUPPORT = HERE / "python-support"  # what the preludes import (snippet_support)
sys.path.insert(0, str(HERE))
import blocks as _blocks  # noqa: E402

ALL, ERRORS = _blocks.collect()
PYTHON = [b for b in ALL if b.kind == "python"]


@pytest.fixture(scope="session")
def mock() -> Iterator[MockServer]:
    with MockServer() as server:
        yield server


def _env(mock: MockServer) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABRAIN_")}
    env.update(DATABRAIN_BASE_URL=mock.url, DATABRAIN_API_KEY=mock.api_key, DATABRAIN_SERVICE_TOKEN=mock.service_token)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SUPPORT), env.get("PYTHONPATH")) if p)
    return env


def _file_name(block: _blocks.Block) -> str:
    return block.id.replace("/", "__").replace("-", "_") + ".py"


def test_every_block_is_known() -> None:
    assert not ERRORS, "\n".join(ERRORS)


@pytest.mark.parametrize("block", PYTHON, ids=[b.id for b in PYTHON])
def test_block_runs(block: _blocks.Block, mock: MockServer, tmp_path: Path) -> None:
    mock.reset()
    script = tmp_path / _file_name(block)
    script.write_text(_blocks.compose(block), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, script.name], cwd=tmp_path, env=_env(mock), capture_output=True, text=True, timeout=120
    )
    if run.returncode != 0:
        pytest.fail(
            f"{block.where} failed (exit {run.returncode}) run as {script}:\n{run.stderr[-4000:]}{run.stdout[-2000:]}",
            pytrace=False,
        )


def test_blocks_type_check(tmp_path: Path) -> None:
    """mypy over every block (with its prelude): a call the docs show must match the stubs."""
    files: List[str] = []
    for block in PYTHON:
        path = tmp_path / _file_name(block)
        path.write_text(_blocks.compose(block), encoding="utf-8")
        files.append(str(path))
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", os.devnull, "--ignore-missing-imports",
         "--no-error-summary", "--cache-dir", str(tmp_path / ".mypy_cache"), *files],
        capture_output=True, text=True, timeout=600, env={**os.environ, "MYPYPATH": str(SUPPORT)},
    )
    if run.returncode != 0:
        by_file = {_file_name(b): b for b in PYTHON}
        lines = []
        for line in run.stdout.splitlines():
            name, _, rest = line.partition(":")
            row, _, message = rest.partition(":")
            block = by_file.get(Path(name).name)
            lines.append(f"{_readme_line(block, int(row))}:{message}" if block and row.isdigit() else line)
        pytest.fail("mypy found type errors in README blocks:\n" + "\n".join(lines), pytrace=False)


def _readme_line(block: _blocks.Block, row: int) -> str:
    """Where line ``row`` of a block's file is: in the README, or in its hidden prelude/check."""
    before = block.prelude.count("\n")
    if before < row <= before + block.code.count("\n"):
        return f"{block.doc}:{block.line + row - before} ({block.id})"
    return f"{block.where}, hidden {'prelude' if row <= before else 'check'} line {row}"
