"""A FastAPI backend that hands the browser a Databrain guest token, built on
``databrain.fastapi.guest_token_router``.

Run it (with DATABRAIN_API_KEY set, or against the bundled mock, see below):

    pip install 'databrain[fastapi]' uvicorn
    DATABRAIN_API_KEY=... uvicorn fastapi_app:app

The page then POSTs to ``/api/guest-token`` (same origin, with its cookies) and gets
``{"token", "expiresAt", "refreshAt"}``; ``databrain/browser``'s ``attachGuestToken`` does that
and mints again before ``expiresAt``. Try it without a Databrain account:

    python -m databrain.testing      # prints DATABRAIN_BASE_URL=... and DATABRAIN_API_KEY=...
    DATABRAIN_BASE_URL=<url> DATABRAIN_API_KEY=<key> uvicorn fastapi_app:app
"""

from __future__ import annotations

from typing import Any, Dict, Optional

from fastapi import FastAPI, Request

from databrain import AsyncDatabrain, AsyncGuestTokenCache
from databrain.fastapi import guest_token_router

DATA_APP = "sales-dashboard"


async def resolve(request: Request) -> Optional[Dict[str, Any]]:
    """The guest-token request for whoever is signed in, or None (-> 401).

    Replace the header with your real authentication (a session, a JWT, ...): Databrain applies
    row-level security with this id, so it must come from something you trust, never from the
    request body. This example reads an ``X-User-Id`` header only to stay self-contained."""
    user_id = request.headers.get("x-user-id")
    if not user_id:
        return None
    return {
        "client_id": user_id,
        "data_app_name": DATA_APP,
        "params": {"appFilters": [{"metricId": "revenue", "values": {"customer_id": user_id}}]},
        "permissions": {"isShowSideBar": False, "isEnableDownloadMetrics": True},
        "expiry_time": 60 * 60 * 1000,  # one hour, in milliseconds
    }


def create_app(cache: AsyncGuestTokenCache) -> FastAPI:
    """The app around one token cache (one per process: it pools connections and shares
    tokens between requests for the same user)."""
    app = FastAPI(title="Databrain guest tokens")
    app.include_router(guest_token_router(cache, resolve=resolve), prefix="/api")
    return app


# Configured from the DATABRAIN_* environment variables.
app = create_app(AsyncGuestTokenCache(AsyncDatabrain()))
