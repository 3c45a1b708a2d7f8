"""The view: who is logged in decides the guest token's clientId (row-level security)."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from databrain import Databrain, DatabrainError, RateLimitError

logger = logging.getLogger(__name__)


@lru_cache(maxsize=None)
def databrain_client() -> Databrain:
    """One client per process, built on first use (it pools connections and is thread-safe)."""
    return Databrain(
        api_key=getattr(settings, "DATABRAIN_API_KEY", None),
        base_url=getattr(settings, "DATABRAIN_BASE_URL", None),
    )


@require_GET
def guest_token(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"error": "login required"}, status=401)
    try:
        token = databrain_client().create_guest_token(
            client_id=str(request.user.pk),
            data_app_name=settings.DATABRAIN_DATA_APP,
            permissions={"isShowSideBar": False},
            expiry_time=60 * 60 * 1000,  # one hour, in milliseconds
        )
    except RateLimitError as exc:
        response = JsonResponse({"error": "analytics are busy, try again"}, status=503)
        response["Retry-After"] = str(int(exc.retry_after or 1))
        return response
    except DatabrainError as exc:
        # The message never contains the API key; the code and request id help support.
        logger.error("guest token failed: %s (code=%s, request_id=%s)", exc, exc.code, exc.request_id)
        return JsonResponse({"error": "could not create an analytics session"}, status=502)
    return JsonResponse({"token": token})
