"""The view, built on ``databrain.django.guest_token_view``: who is logged in decides the guest
token's clientId (row-level security); the request body is never read."""

from __future__ import annotations

from typing import Any, Dict, Optional

from django.conf import settings
from django.http import HttpRequest

from databrain import Databrain, GuestTokenCache
from databrain.django import guest_token_view


def resolve(request: HttpRequest) -> Optional[Dict[str, Any]]:
    """The guest-token request for the logged-in user, or None (-> 401)."""
    if not request.user.is_authenticated:
        return None
    return {
        "client_id": str(request.user.pk),
        "data_app_name": settings.DATABRAIN_DATA_APP,
        "permissions": {"isShowSideBar": False},
        "expiry_time": 60 * 60 * 1000,  # one hour, in milliseconds
    }


# One cache per process, built when the URLconf is first loaded (settings are ready then):
# it pools connections, is thread-safe and shares each user's token between requests.
token_cache = GuestTokenCache(
    Databrain(
        api_key=getattr(settings, "DATABRAIN_API_KEY", None),
        base_url=getattr(settings, "DATABRAIN_BASE_URL", None),
    )
)

# POST only, under Django's CSRF protection: the page sends the csrftoken cookie's value as the
# X-CSRFToken header.
guest_token = guest_token_view(token_cache, resolve=resolve)
