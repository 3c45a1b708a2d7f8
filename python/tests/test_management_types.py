"""The generated types describe what the calls really return: every successful call of the
shared contract vectors (`tests/vectors/management.json`, which cover all 29 rows) is made
through its namespace method on both clients, and its answer is checked against that method's
return annotation in the generated stub `databrain/_namespaces.pyi` (what mypy reads; typeguard
reads the generated TypedDicts of `databrain.types`)."""

from __future__ import annotations

import ast
import json
import keyword
import os
import re
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest
import typeguard

import databrain
from databrain import AsyncDatabrain, Databrain, types
from databrain import _native
from databrain.testing import MockServer

VECTORS = Path(os.environ.get("DATABRAIN_VECTORS_DIR", Path(__file__).resolve().parents[2] / "tests" / "vectors"))


def _ok_cases() -> List[Any]:
    cases = json.loads((VECTORS / "management.json").read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=case["name"]) for case in cases if case.get("result") == "ok"]


def _method(namespaces: Any, row: str) -> Callable[..., Any]:
    family, method = row.split(".")
    found: Callable[..., Any] = getattr(getattr(namespaces, family), method + ("_" if keyword.iskeyword(method) else ""))
    return found


def _stub_returns() -> Dict[Tuple[str, str], str]:
    """(namespace class, method) -> return annotation, read from the generated stub."""
    tree = ast.parse((Path(databrain.__file__).parent / "_namespaces.pyi").read_text(encoding="utf-8"))
    return {
        (cls.name, fn.name): ast.unparse(fn.returns)
        for cls in tree.body
        if isinstance(cls, ast.ClassDef)
        for fn in cls.body
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) and fn.returns is not None
    }


RETURNS = _stub_returns()


def _answer(method: Callable[..., Any]) -> Tuple[bool, Any]:
    """(a list?, the model of the answer or of each item), from the stub's annotation."""
    owner = type(getattr(method, "__self__"))
    # SyncApiTokens / AsyncApiTokens add `create` to the generated ApiTokens classes.
    cls = next(c.__name__ for c in owner.__mro__ if (c.__name__, method.__name__) in RETURNS)
    annotation = RETURNS[(cls, method.__name__)]
    match = re.fullmatch(r"(?:Async|Sync)?List\[(\w+)\]", annotation)
    return (True, getattr(types, match.group(1))) if match else (False, getattr(types, annotation))


def _check(value: Any, many: bool, model: Any) -> None:
    for item in value if many else [value]:
        typeguard.check_type(item, model)


def _kwargs(case: Dict[str, Any]) -> Dict[str, Any]:
    return {**(case["input"] or {}), **(case.get("options") or {})}


def test_every_row_is_covered() -> None:
    covered = {case.values[0]["call"] for case in _ok_cases()}
    assert covered == {name for name, _, _, _ in _native.OPERATIONS}


@pytest.mark.parametrize("case", _ok_cases())
def test_answer_matches_the_generated_type(mock: MockServer, client: Databrain, case: Dict[str, Any]) -> None:
    method = _method(client, case["call"])
    many, model = _answer(method)
    answer = method(**_kwargs(case))
    if case.get("page") is not None:
        answer = answer.page(case["page"])
    elif many and not isinstance(answer, list):
        answer = list(answer)
    assert mock.requests(), "the call was sent"
    _check(answer, many, model)


@pytest.mark.parametrize("case", _ok_cases())
async def test_async_answer_matches_the_generated_type(mock: MockServer, aclient: AsyncDatabrain, case: Dict[str, Any]) -> None:
    method = _method(aclient, case["call"])
    many, model = _answer(method)
    answer = method(**_kwargs(case))
    answer = await (answer.page(case["page"]) if case.get("page") is not None else answer)
    _check(answer, many, model)


def test_a_wrong_answer_type_is_caught() -> None:
    # The check itself can fail: a data app without its name is not a DataApp.
    with pytest.raises(typeguard.TypeCheckError):
        typeguard.check_type({"type": "embedded"}, types.DataApp)


def test_the_stub_describes_the_classes_that_run() -> None:
    # Same methods, and the same awaitable ones, in the stub mypy reads and the classes built
    # at import from the core's table.
    import inspect

    from databrain._namespaces import ASYNC_NAMESPACES, NAMESPACES

    tree = ast.parse((Path(databrain.__file__).parent / "_namespaces.pyi").read_text(encoding="utf-8"))
    stub = {
        (cls.name, fn.name, isinstance(fn, ast.AsyncFunctionDef))
        for cls in tree.body
        if isinstance(cls, ast.ClassDef) and cls.bases and ast.unparse(cls.bases[0]) == "Namespace"
        for fn in cls.body
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))
    }
    runtime = {
        (ns.__name__, name, inspect.iscoroutinefunction(value))
        for ns in NAMESPACES + ASYNC_NAMESPACES
        for name, value in vars(ns).items()
        if callable(value) and not name.startswith("_")
    }
    assert runtime == stub
    assert len(runtime) == 2 * len(_native.OPERATIONS)
