"""The Django example's mint view (``examples/django_app``) as a WSGI app for a real gunicorn
``--preload`` fleet (tests/test_fleet_servers.py). The example's settings are used as they are,
with one stand-in: the signed-in user comes from the ``X-Session-User`` header the test sets
(the example reads ``request.user``; a real app has its session login there), and the view is
CSRF-exempt because that header, not a cookie, authenticates here. Importing this module builds
the example's ``GuestTokenCache`` in gunicorn's master, before it forks the workers."""

from __future__ import annotations

import os
from typing import Any, Callable

import django
from django.conf import settings

from django_app import settings as example

settings.configure(
    **{
        **{name: getattr(example, name) for name in dir(example) if name.isupper()},
        "ROOT_URLCONF": __name__,
        "MIDDLEWARE": [*example.MIDDLEWARE, f"{__name__}.header_user"],
    }
)
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402  (needs the settings above)
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from django_app import views  # noqa: E402  (builds the example's token cache, before the fork)


def header_user(get_response: Callable[[HttpRequest], Any]) -> Callable[[HttpRequest], Any]:
    """Signs in the user named by ``X-Session-User`` (an unsaved user: no database needed)."""

    def middleware(request: HttpRequest) -> Any:
        name = request.headers.get("x-session-user")
        if name is not None:
            request.user = get_user_model()(pk=name, username=name)
        return get_response(request)

    return middleware


def ready(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(os.getpid()))


urlpatterns = [path("api/guest-token", csrf_exempt(views.guest_token)), path("ready", ready)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
