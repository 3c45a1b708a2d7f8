"""The web frameworks stay optional: `import databrain` imports none of them, and
`databrain.fastapi` / `.starlette` / `.django` / `.flask` say which extra to install when theirs
is missing.
Each check runs in a fresh interpreter, so no earlier test's imports count."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

FRAMEWORKS = ("fastapi", "starlette", "pydantic", "uvicorn", "django", "asgiref", "flask", "werkzeug", "gunicorn")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)


def test_import_databrain_imports_no_framework() -> None:
    result = _python(
        f"""
        import sys
        import databrain, databrain.testing
        print(sorted(m for m in sys.modules if m.split(".")[0] in {FRAMEWORKS!r}))
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("module", "framework", "extra"),
    [
        ("fastapi", "fastapi", "fastapi"),
        ("starlette", "starlette", "starlette"),
        ("django", "django", "django"),
        ("flask", "flask", "flask"),
    ],
)
def test_a_missing_framework_names_the_extra(module: str, framework: str, extra: str) -> None:
    # A None entry in sys.modules makes `import <framework>` fail as if it were not installed.
    result = _python(
        f"""
        import sys
        sys.modules[{framework!r}] = None
        import databrain.{module}
        """
    )
    assert result.returncode != 0
    assert f"pip install 'databrain[{extra}]'" in result.stderr, result.stderr


def test_with_the_framework_the_module_imports() -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("django")
    pytest.importorskip("flask")
    result = _python("import databrain.fastapi, databrain.starlette, databrain.django, databrain.flask; print('ok')")
    assert (result.returncode, result.stdout.strip()) == (0, "ok"), result.stderr
