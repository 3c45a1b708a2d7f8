"""The Flask app tests/test_flask.py runs in a real gunicorn worker: the mint view over a
GuestTokenCache, configured from the environment (DATABRAIN_BASE_URL / DATABRAIN_API_KEY point
at the test's mock)."""

from __future__ import annotations

from typing import Any, Dict, Optional

from flask import Flask, Request

from databrain import Databrain, GuestTokenCache
from databrain.flask import guest_token_blueprint


def resolve(request: Request) -> Optional[Dict[str, Any]]:
    # The session stand-in is a header the test sets; the request body is never read.
    user = request.headers.get("x-session-user")
    if user is None:
        return None
    fields: Dict[str, Any] = {"client_id": user, "data_app_name": "sales-dashboard", "expiry_time": 3_600_000}
    extra = request.headers.get("x-extra-field")  # lets the test make resolve's output invalid
    if extra is not None:
        fields[extra] = "x"
    return fields


app = Flask(__name__)
# No retries: the test's injected 429 and 500 reach the endpoint at once.
app.register_blueprint(guest_token_blueprint(GuestTokenCache(Databrain(max_retries=0)), resolve=resolve))


@app.get("/ready")
def ready() -> str:
    return "ok"
