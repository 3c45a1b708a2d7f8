"""Writes ``databrain/_namespaces.py`` (used by ../../scripts/gen-types): one class per
management family and client kind, one typed method per row of the core's OPERATIONS table
(the schema's ``x-operations``), keyword arguments typed from the request models that
datamodel-code-generator wrote into ``databrain/types.py``.

    python namespaces.py SCHEMA.json TYPES.py > _namespaces.py
"""

from __future__ import annotations

import ast
import json
import keyword
import re
import sys
from typing import Dict, List, Tuple

HEADER = '''"""The management namespaces (``client.data_apps``, ``client.embeds``, ...), generated from the
core's OPERATIONS table by ./scripts/gen-types: do not edit.

Each method is one row: its keyword arguments are the row's request fields in snake_case (nested
values keep Databrain's camelCase keys, as in ``databrain.types``), plus ``credential`` /
``legacy`` (how the call is sent) and ``extra_body`` on calls with a JSON body. At run time the
arguments go to the core as given (camelCase is accepted too), which checks them before anything
is sent; the answers are the JSON payloads, typed by the response models. See
``databrain._management`` for the lists.
"""

from __future__ import annotations

from ._management import AsyncList, Namespace, SyncList

TYPE_CHECKING = False
if TYPE_CHECKING:
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
    schema = json.load(open(sys.argv[1]))
    tree = ast.parse(open(sys.argv[2]).read())
    models = request_fields(tree)
    defined = set(models) | {
        t.id for n in tree.body if isinstance(n, (ast.Assign, ast.AnnAssign)) for t in ([n.target] if isinstance(n, ast.AnnAssign) else n.targets) if isinstance(t, ast.Name)
    }
    rows = schema["x-operations"]
    families: Dict[str, List[dict]] = {}
    for row in rows:
        families.setdefault(row["family"], []).append(row)

    args_classes: List[str] = []
    used: set = {"Credential"}
    for row in rows:
        lines = [f"    class {pascal(row['family'])}{pascal(row['method'])}Args(TypedDict):"]
        lines.append(f'        """Keyword arguments of ``{row["name"]}``."""')
        lines.append("")
        for key, annotation in models.get(row["request"], []):
            lines.append(f"        {snake(key)}: {annotation}")
            used.update(re.findall(r"[A-Za-z_]\w*", annotation))
        lines.append("        credential: NotRequired[Credential]")
        lines.append("        legacy: NotRequired[bool]")
        args_classes.append("\n".join(lines))

    typing_names = sorted({"Any", "Dict", "List", "Literal", "Optional", "Union"} & used)
    model_names = sorted((used | {r["response"] or r["item"] for r in rows}) & defined)
    out = [HEADER.rstrip("\n")]
    if typing_names:
        out.append(f"    from typing import {', '.join(typing_names)}")
    out.append("")
    out.append("    from ._typing_compat import NotRequired, TypedDict, Unpack")
    out.append(f"    from .types import {', '.join(model_names)}")
    out.append("")
    out.append("\n\n".join(args_classes))
    out.append("")
    classes: List[str] = []
    for kind in ("sync", "async"):
        for family, calls in families.items():
            cls = ("Async" if kind == "async" else "") + pascal(family)
            names = ", ".join(f"``{c['method']}``" for c in calls)
            body = [f"class {cls}(Namespace):", f'    """``{family}``: {names}."""', "", f'    _family = "{family}"']
            for row in calls:
                method = row["method"] + ("_" if keyword.iskeyword(row["method"]) else "")
                args = f"{pascal(row['family'])}{pascal(row['method'])}Args"
                if row["paginated"]:
                    answer = f"{'AsyncList' if kind == 'async' else 'SyncList'}[{row['item']}]"
                    ctor = "AsyncList" if kind == "async" else "SyncList"
                    call = f"{ctor}(self._native, {row['name']!r}, request)"
                    prefix, doc = "def", f"``{row['name']}``: every item, page by page (lazily)."
                else:
                    answer = row["response"] or f"List[{row['item']}]"
                    if kind == "async":
                        prefix, call = "async def", f"await self._call_async({row['name']!r}, request)"
                    else:
                        prefix, call = "def", f"self._call({row['name']!r}, request)"
                    doc = f"``{row['name']}``."
                body += [
                    "",
                    f"    {prefix} {method}(self, **request: Unpack[{args}]) -> {answer}:",
                    f'        """{doc}"""',
                    f"        result: {answer} = {call}",
                    "        return result",
                ]
            classes.append("\n".join(body))
    for kind in ("sync", "async"):
        prefix = "Async" if kind == "async" else ""
        client = "AsyncDatabrain" if kind == "async" else "Databrain"
        body = [
            f"class {prefix}Families:",
            f'    """The management namespaces of ``{client}``, one property per family."""',
            "",
            "    _native: _native_module.Client",
        ]
        for family, calls in families.items():
            names = ", ".join(f"``{c['method']}``" for c in calls)
            body += [
                "",
                "    @property",
                f"    def {family}(self) -> {prefix}{pascal(family)}:",
                f'        """{names}."""',
                f"        return {prefix}{pascal(family)}(self._native)",
            ]
        classes.append("\n".join(body))
    out.append("\n\n" + "\n\n\n".join(classes))
    sync_names = ", ".join(pascal(f) for f in families)
    async_names = ", ".join("Async" + pascal(f) for f in families)
    out.append(f"\n\nNAMESPACES = ({sync_names})\nASYNC_NAMESPACES = ({async_names})\n")
    text = "\n".join(out)
    # `_native` is the client's attribute; the module is imported under another name.
    text = text.replace("if TYPE_CHECKING:\n", "if TYPE_CHECKING:\n    from . import _native as _native_module\n", 1)
    sys.stdout.write(text)


if __name__ == "__main__":
    main()
