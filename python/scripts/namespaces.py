"""Writes ``databrain/_namespaces.py`` and its stub ``_namespaces.pyi`` (used by
../../scripts/gen-types) from the core's OPERATIONS table (the schema's ``x-operations``).

The stub is what type checkers read: one class per management family and client kind, one typed
method per row, keyword arguments typed from the request models that datamodel-code-generator
wrote into ``databrain/types.py``, answers typed by the response models. The module is what
runs: a few lines naming the families, whose classes ``databrain._management`` builds from the
same table at import (a 700-line module would cost ``import databrain`` its time budget).

    python namespaces.py stub SCHEMA.json TYPES.py > _namespaces.pyi
    python namespaces.py module SCHEMA.json TYPES.py > _namespaces.py
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import sys
from typing import Dict, List, Tuple

HEADER = '''"""The management namespaces (``client.data_apps``, ``client.embeds``, ...) as type checkers see
them, generated from the core's OPERATIONS table by ./scripts/gen-types: do not edit.

Each method is one row: its keyword arguments are the row's request fields in snake_case (nested
values keep Databrain's camelCase keys, as in ``databrain.types``), plus ``credential`` /
``legacy`` (how the call is sent) and ``extra_body`` on calls with a JSON body. At run time the
arguments go to the core as given (camelCase is accepted too), which checks them before anything
is sent; the answers are the JSON payloads, typed by the response models. See
``databrain._management`` for the lists and the classes that run.
"""
'''

MODULE = '''"""The management namespaces (``client.data_apps``, ...), generated from the core's OPERATIONS
table by ./scripts/gen-types: do not edit. Type checkers read ``_namespaces.pyi``; the classes
are built from the same table by ``databrain._management.build``."""

from ._management import build

FAMILIES = {families!r}

{sync_names}, Families = build(FAMILIES, is_async=False)
{async_names}, AsyncFamilies = build(FAMILIES, is_async=True)

NAMESPACES = ({sync_names})
ASYNC_NAMESPACES = ({async_names})
'''


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_"))


def request_fields(tree: ast.Module) -> Dict[str, List[Tuple[str, str]]]:
    """Each TypedDict of types.py: its (key, annotation) pairs."""
    out: Dict[str, List[Tuple[str, str]]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            out[node.name] = [
                (item.target.id, ast.unparse(item.annotation))
                for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            ]
    return out


def main() -> None:
    mode, schema_path, types_path = sys.argv[1:4]
    schema = json.load(open(schema_path))
    rows = schema["x-operations"]
    families: Dict[str, List[dict]] = {}
    for row in rows:
        families.setdefault(row["family"], []).append(row)
    if mode == "module":
        sys.stdout.write(
            MODULE.format(
                families=tuple(families),
                sync_names=", ".join(pascal(f) for f in families),
                async_names=", ".join("Async" + pascal(f) for f in families),
            )
        )
        return
    tree = ast.parse(open(types_path).read())
    sys.stdout.write(stub(rows, families, tree))


def stub(rows: List[dict], families: Dict[str, List[dict]], tree: ast.Module) -> str:
    models = request_fields(tree)
    defined = set(models) | {
        t.id
        for n in tree.body
        if isinstance(n, (ast.Assign, ast.AnnAssign))
        for t in ([n.target] if isinstance(n, ast.AnnAssign) else n.targets)
        if isinstance(t, ast.Name)
    }
    args_classes: List[str] = []
    used: set = {"Credential"}
    for row in rows:
        lines = [f"class {pascal(row['family'])}{pascal(row['method'])}Args(TypedDict):"]
        lines.append(f'    """Keyword arguments of ``{row["name"]}``."""')
        lines.append("")
        for key, annotation in models.get(row["request"], []):
            lines.append(f"    {snake(key)}: {annotation}")
            used.update(re.findall(r"[A-Za-z_]\w*", annotation))
        lines.append("    credential: NotRequired[Credential]")
        lines.append("    legacy: NotRequired[bool]")
        args_classes.append("\n".join(lines))

    typing_names = sorted({"Any", "Dict", "List", "Literal", "Optional", "Union"} & (used | {"List"}))
    model_names = sorted((used | {r["response"] or r["item"] for r in rows}) & defined)
    out = [HEADER.rstrip("\n")]
    out.append(f"from typing import {', '.join(typing_names)}")
    out.append("")
    out.append("from . import _native")
    out.append("from ._management import AsyncList, Namespace, SyncList")
    out.append("from ._typing_compat import NotRequired, TypedDict, Unpack")
    out.append("from .types import (")
    out += [f"    {name}," for name in model_names]
    out.append(")")
    out.append("\n\n" + "\n\n\n".join(args_classes))
    classes: List[str] = []
    for kind in ("sync", "async"):
        for family, calls in families.items():
            cls = ("Async" if kind == "async" else "") + pascal(family)
            names = ", ".join(f"``{c['method']}``" for c in calls)
            body = [f"class {cls}(Namespace):", f'    """``{family}``: {names}."""']
            for row in calls:
                method = row["method"] + ("_" if keyword.iskeyword(row["method"]) else "")
                args = f"{pascal(row['family'])}{pascal(row['method'])}Args"
                if row["paginated"]:
                    answer = f"{'AsyncList' if kind == 'async' else 'SyncList'}[{row['item']}]"
                    prefix, doc = "def", f"``{row['name']}``: every item, page by page (lazily)."
                else:
                    answer = row["response"] or f"List[{row['item']}]"
                    prefix = "async def" if kind == "async" else "def"
                    # The row's summary says what the name does not (a partial merge, ...).
                    doc = f"``{row['name']}``: {row['summary']}" if row.get("summary") else f"``{row['name']}``."
                body += ["", f"    {prefix} {method}(self, **request: Unpack[{args}]) -> {answer}:", f'        """{doc}"""']
            classes.append("\n".join(body))
    for kind in ("sync", "async"):
        prefix = "Async" if kind == "async" else ""
        client = "AsyncDatabrain" if kind == "async" else "Databrain"
        body = [
            f"class {prefix}Families:",
            f'    """The management namespaces of ``{client}``, one property per family."""',
            "",
            "    _native: _native.Client",
        ]
        for family, calls in families.items():
            names = ", ".join(f"``{c['method']}``" for c in calls)
            body += ["", "    @property", f"    def {family}(self) -> {prefix}{pascal(family)}:", f'        """{names}."""']
        classes.append("\n".join(body))
    out.append("\n\n" + "\n\n\n".join(classes))
    out.append("\n\nNAMESPACES: tuple[type[Namespace], ...]\nASYNC_NAMESPACES: tuple[type[Namespace], ...]\n")
    return "\n".join(out)


if __name__ == "__main__":
    main()
