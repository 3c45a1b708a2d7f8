"""Databrain embedded-analytics API client.

>>> from databrain import Databrain
>>> client = Databrain()  # DATABRAIN_API_KEY / DATABRAIN_SERVICE_TOKEN / DATABRAIN_BASE_URL
>>> token = client.create_guest_token(client_id="user-456", data_app_name="sales-dashboard")

``AsyncDatabrain`` has the same methods as awaitables. Request shapes for type checkers are
in ``databrain.types``; an in-process mock server for tests is ``databrain.testing.MockServer``.
Guest-token endpoints for the browser: ``databrain.fastapi``, ``databrain.starlette``,
``databrain.django`` and ``databrain.flask`` (optional extras; importing ``databrain`` imports no
framework).
"""

from ._cache import AsyncGuestTokenCache, GuestTokenCache
from ._client import AsyncDatabrain, Databrain, create_api_token, create_guest_token
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    DatabrainError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from ._native import DEFAULT_BASE_URL, __version__
from ._token import GuestToken
from ._units import DatabrainWarning
from ._workflows import ProvisionedTenant, RotatedKey

__all__ = [
    "DEFAULT_BASE_URL",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APITimeoutError",
    "AsyncDatabrain",
    "AsyncGuestTokenCache",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "Databrain",
    "DatabrainError",
    "DatabrainWarning",
    "GuestToken",
    "GuestTokenCache",
    "NotFoundError",
    "PermissionDeniedError",
    "ProvisionedTenant",
    "RateLimitError",
    "RotatedKey",
    "ServerError",
    "ValidationError",
    "__version__",
    "create_api_token",
    "create_guest_token",
]
