"""Hidden setup and checks shared by the Python blocks' preludes (preludes/*.py): the framework a
block runs in, and what the README promises about its answers. Not documentation: readers never
see this file."""

from __future__ import annotations

from typing import Any, Dict


def store_secret(key: str) -> None:
    """The reader's own secret store, in the onboarding blocks."""
    assert isinstance(key, str) and key, "expected the new API key"


def deploy(key: str) -> None:
    """The reader's own deployment, in the key-rotation blocks."""
    assert isinstance(key, str) and key, "expected the rotated API key"


def configure_django() -> None:
    """The least a Django project needs for the mint view, with the block's module as its URLconf."""
    import django
    from django.conf import settings

    settings.configure(
        DEBUG=False,
        SECRET_KEY="readme-snippet-test",
        ALLOWED_HOSTS=["testserver"],
        ROOT_URLCONF="__main__",
        INSTALLED_APPS=["django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"],
        MIDDLEWARE=[
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
        ],
        DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
        TEMPLATES=[{
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {"dashboard.html": "<dbn-dashboard></dbn-dashboard>"})]},
        }],
        USE_TZ=True,
    )
    django.setup()


def check_django_mint(path: str = "/api/guest-token") -> None:
    """What the README says of the Django view: without the CSRF token Django's own 403; with the
    cookie the page got, 401 JSON signed out and a token signed in."""
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", run_syncdb=True, verbosity=0)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(path).status_code == 403, "a POST without the CSRF token must be refused by Django"
    page = browser.get("/dashboard")
    assert page.status_code == 200, page.status_code
    csrf = browser.cookies["csrftoken"].value
    signed_out = browser.post(path, HTTP_X_CSRFTOKEN=csrf)
    assert signed_out.status_code == 401, (signed_out.status_code, signed_out.content[:300])
    assert signed_out.json() == {"error": {"code": "NO_SESSION"}}, signed_out.content
    browser.force_login(User.objects.create_user("ada"))
    browser.get("/dashboard")
    answer = browser.post(path, HTTP_X_CSRFTOKEN=browser.cookies["csrftoken"].value)
    assert answer.status_code == 200, (answer.status_code, answer.content[:300])
    _assert_token(answer.json())


def check_fastapi_mint(app: Any, path: str = "/api/guest-token") -> None:
    """What the README says of the FastAPI router: 401 signed out, a token once the session has
    a user (set by a sign-in route added here, standing in for the app's own)."""
    from fastapi.testclient import TestClient
    from starlette.requests import Request
    from starlette.responses import JSONResponse

    async def sign_in(request: Request) -> JSONResponse:
        request.session["user"] = {"id": "user-456", "tenant_id": "tenant-456"}
        return JSONResponse({})

    app.router.add_route("/__test__/sign-in", sign_in, methods=["POST"])
    with TestClient(app) as browser:
        signed_out = browser.post(path)
        assert signed_out.status_code == 401, (signed_out.status_code, signed_out.text)
        assert browser.post("/__test__/sign-in").status_code == 200
        answer = browser.post(path)
        assert answer.status_code == 200, (answer.status_code, answer.text)
        _assert_token(answer.json())


def check_flask_mint(app: Any, path: str = "/api/guest-token") -> None:
    """What the README says of the Flask view: 401 signed out, a token once the session has a
    user (set by a sign-in route added here, standing in for the app's own)."""
    from flask import session

    def sign_in() -> str:
        session["user"] = {"id": "user-456", "tenant_id": "tenant-456"}
        return ""

    app.add_url_rule("/__test__/sign-in", "__test_sign_in", sign_in, methods=["POST"])
    browser = app.test_client()
    signed_out = browser.post(path)
    assert signed_out.status_code == 401, (signed_out.status_code, signed_out.data[:300])
    assert browser.post("/__test__/sign-in").status_code == 200
    answer = browser.post(path)
    assert answer.status_code == 200, (answer.status_code, answer.data[:300])
    _assert_token(answer.get_json())


def _assert_token(body: Dict[str, Any]) -> None:
    assert isinstance(body.get("token"), str) and len(body["token"]) == 36, body
    assert body.get("expiresAt") and body.get("refreshAt"), body
