#!/usr/bin/env python3
"""Finds every fenced code block of the three READMEs, says how the harness runs it, and pairs it
with its hidden prelude. Standard library only: the Python, Node and Rust runners all start here
(`python3 blocks.py` prints the blocks as JSON; `--check` only validates).

A block's id is `<doc>/<name>` when its fence says `id=<name>` (```python id=django), else
`<doc>/<heading-slug>-<n>`: the doc (`readme`, `python`, `node`), the GitHub anchor of the
heading above it, and its position among that heading's unnamed fenced blocks (1-based).
Its prelude, if it needs one, is `preludes/<id>.<ext>`; see README.md beside this file.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
PRELUDES = HERE / "preludes"
DOCS: Dict[str, str] = {"readme": "README.md", "python": "python/README.md", "node": "node/README.md"}

# Fence language (first word of the info string) -> kind. Extra words refine it: `js esm`
# (an ES module), `js browser` (runs in a page: type-checked only).
RUN_KINDS: Dict[str, str] = {
    "python": "python", "py": "python",
    "js": "cjs", "javascript": "cjs", "cjs": "cjs", "mjs": "esm",
    "ts": "ts", "typescript": "ts",
    "rust": "rust",
}
NOT_RUN = {"sh", "bash", "shell", "console", "text"}
EXTENSIONS = {"python": "py", "cjs": "js", "esm": "mjs", "browser": "mjs", "ts": "ts", "rust": "rs"}
MARKER = {"py": "# --- snippet ---", "rs": "// --- snippet ---"}
MARKER_DEFAULT = "// --- snippet ---"


@dataclass
class Block:
    id: str
    doc: str  # repository-relative path of the README
    line: int  # 1-based line of the opening fence
    info: str
    kind: str  # python | cjs | esm | browser | ts | rust | none
    code: str
    prelude: str  # hidden code run before the block ("" = none)
    check: str  # hidden code run after it

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line} ({self.id}, ```{self.info})"


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`|\*\*|\[|\]\([^)]*\)", "", heading.strip().lower())
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def kind_of(info: str) -> Optional[str]:
    words = info.lower().split()
    if not words:
        return None
    if words[0] in NOT_RUN:
        return "none"
    kind = RUN_KINDS.get(words[0])
    if kind == "cjs" and "esm" in words[1:]:
        return "esm"
    if kind in ("cjs", "esm") and "browser" in words[1:]:
        return "browser"
    return kind


def scan(doc_key: str) -> Tuple[List[Block], List[str]]:
    path = DOCS[doc_key]
    lines = (ROOT / path).read_text(encoding="utf-8").splitlines()
    blocks: List[Block] = []
    errors: List[str] = []
    heading = ""
    counts: Dict[str, int] = {}
    seen: set = set()
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^(\s{0,3})(`{3,}|~{3,})(.*)$", line)
        if fence is None:
            h = re.match(r"^#{1,6}\s+(.*)$", line)
            if h:
                heading = slug(h.group(1))
            i += 1
            continue
        indent, marks, info = fence.group(1), fence.group(2), fence.group(3).strip()
        start = i
        body: List[str] = []
        i += 1
        while i < len(lines) and not re.match(rf"^\s{{0,3}}{marks[0]}{{{len(marks)},}}\s*$", lines[i]):
            body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
            i += 1
        if i >= len(lines):
            errors.append(f"{path}:{start + 1}: a code block that is never closed")
        i += 1
        named = [w[3:] for w in info.split() if w.startswith("id=")]
        if named:
            block_id = f"{doc_key}/{named[0]}"
        else:  # blocks named by id= do not count, so naming one moves no other's id
            counts[heading] = counts.get(heading, 0) + 1
            block_id = f"{doc_key}/{heading or 'top'}-{counts[heading]}"
        if block_id in seen:
            errors.append(f"{path}:{start + 1}: a second block with id {block_id!r}")
        seen.add(block_id)
        kind = kind_of(info)
        block = Block(block_id, path, start + 1, info, kind or "?", "\n".join(body) + "\n", "", "")
        if kind is None:
            errors.append(
                f"{block.where}: unknown code block language {info!r}. Tag it with the language the "
                f"harness runs (python, js, js esm, js browser, ts, rust) or, if it is not code to "
                f"run, one of {sorted(NOT_RUN)} (see tests/snippets/README.md)"
            )
            continue
        blocks.append(block)
    return blocks, errors


def attach_preludes(blocks: List[Block]) -> List[str]:
    errors: List[str] = []
    wanted = {}
    for block in blocks:
        if block.kind == "none":
            continue
        ext = EXTENSIONS[block.kind]
        wanted[f"{block.id}.{ext}"] = block
    for file in sorted(PRELUDES.rglob("*")):
        if not file.is_file():
            continue
        rel = file.relative_to(PRELUDES).as_posix()
        block = wanted.get(rel)
        if block is None:
            errors.append(
                f"tests/snippets/preludes/{rel}: no README block has this id and kind any more "
                f"(a heading was renamed or a block moved?): rename or delete it"
            )
            continue
        marker = MARKER.get(file.suffix[1:], MARKER_DEFAULT)
        text = file.read_text(encoding="utf-8")
        parts = [p for p in re.split(rf"^{re.escape(marker)}[ \t]*$", text, flags=re.M)]
        if len(parts) != 2:
            errors.append(f"tests/snippets/preludes/{rel}: needs exactly one line {marker!r} where the block goes")
            continue
        block.prelude, block.check = parts[0], parts[1]
    return errors


def collect() -> Tuple[List[Block], List[str]]:
    blocks: List[Block] = []
    errors: List[str] = []
    for key in DOCS:
        found, errs = scan(key)
        blocks += found
        errors += errs
    errors += attach_preludes(blocks)
    return blocks, errors


def compose(block: Block) -> str:
    """The file the harness runs: hidden prelude, the block exactly as written, hidden check."""
    return f"{block.prelude}{block.code}{block.check}"


def main() -> int:
    blocks, errors = collect()
    if errors:
        for e in errors:
            print(f"snippets: {e}", file=sys.stderr)
        return 1
    if "--check" not in sys.argv:
        json.dump([dict(asdict(b), where=b.where) for b in blocks], sys.stdout, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
