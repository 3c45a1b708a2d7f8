"""A FastAPI backend that hands the browser a Databrain guest token.

Run it (with DATABRAIN_API_KEY set, or against the bundled mock, see below):

    pip install databrain fastapi uvicorn
    DATABRAIN_API_KEY=... uvicorn fastapi_app:app

The embed component in the page then calls ``GET /api/databrain/guest-token`` and passes the
token to ``<dbn-dashboard token="...">``. Try it without a Databrain account:

    python -c "from databrain.testing import MockServer; import time; m = MockServer(); print(m.url, m.api_key); time.sleep(1e9)"
    DATABRAIN_BASE_URL=<url> DATABRAIN_API_KEY=<key> uvicorn fastapi_app:app
"""

from __future__ import annotations

import logging
from functools import lru_cache
from typing import Dict, Optional

from fastapi import Depends, FastAPI, Header, HTTPException

from databrain import AsyncDatabrain, DatabrainError, RateLimitError

logger = logging.getLogger(__name__)

DATA_APP = "sales-dashboard"

app = FastAPI(title="Databrain guest tokens")


@lru_cache(maxsize=None)
def get_databrain() -> AsyncDatabrain:
    """One client per process (it pools connections); configured from DATABRAIN_* variables."""
    return AsyncDatabrain()


def current_user_id(x_user_id: Optional[str] = Header(default=None)) -> str:
    """Who the end user is. Replace with your real authentication (session, JWT, ...): Databrain
    applies row-level security with this id, so it must come from something you trust.
    This example accepts an ``X-User-Id`` header only to stay self-contained."""
    if not x_user_id:
        raise HTTPException(status_code=401, detail="not logged in")
    return x_user_id


@app.get("/api/databrain/guest-token")
async def guest_token(
    user_id: str = Depends(current_user_id),
    databrain: AsyncDatabrain = Depends(get_databrain),
) -> Dict[str, str]:
    try:
        token = await databrain.create_guest_token(
            client_id=user_id,
            data_app_name=DATA_APP,
            params={"appFilters": [{"metricId": "revenue", "values": {"customer_id": user_id}}]},
            permissions={"isShowSideBar": False, "isEnableDownloadMetrics": True},
            expiry_time=60 * 60 * 1000,  # one hour, in milliseconds
        )
    except RateLimitError as exc:
        headers = {"Retry-After": str(int(exc.retry_after or 1))}
        raise HTTPException(status_code=503, detail="analytics are busy, try again", headers=headers) from exc
    except DatabrainError as exc:
        # The message never contains the API key; the code and request id help support.
        logger.error("guest token failed: %s (code=%s, request_id=%s)", exc, exc.code, exc.request_id)
        raise HTTPException(status_code=502, detail="could not create an analytics session") from exc
    return {"token": token}
