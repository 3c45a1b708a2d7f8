"""Exception classes. Plain Python so they pickle (multiprocessing, Celery results) and can be
caught, subclassed and constructed in users' tests; the native module builds them through
``_from_native`` with the kind, code and message the core crate decided."""

from __future__ import annotations

# typing is imported only by type checkers: `import databrain` must stay cheap.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Dict, List, Optional, Tuple, Type


class DatabrainError(Exception):
    """Base class of every error this package raises.

    ``str(err)`` is the full description; the attributes carry its parts:

    - ``code``: stable machine-readable code: Databrain's own for API errors
      (``AUTHENTICATION_ERROR``, ``DATA_APP_NOT_FOUND``, ...), otherwise one per class
      (``VALIDATION_ERROR``, ``TIMEOUT``, ``CONNECTION_ERROR``, ...);
    - ``status``: the HTTP status Databrain answered with, or ``None`` if it did not answer;
    - ``message``: the short message, without code and status decoration;
    - ``request_id``: the ``x-request-id`` of the failed request, when there was one.

    Never contains a credential.
    """

    default_code = "DATABRAIN_ERROR"

    code: str
    status: Optional[int]
    message: str
    request_id: Optional[str]

    def __init__(
        self,
        text: str,
        *,
        message: Optional[str] = None,
        code: Optional[str] = None,
        status: Optional[int] = None,
        request_id: Optional[str] = None,
    ) -> None:
        super().__init__(text)
        self.message = text if message is None else message
        self.code = self.default_code if code is None else code
        self.status = status
        self.request_id = request_id

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else self.message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, code={self.code!r}, status={self.status!r})"

    def __reduce__(self) -> Tuple[Any, ...]:
        # The default reduce calls cls(*args), which would lose the keyword-only attributes
        # (and breaks for subclasses with required arguments); restore the state directly.
        return (_restore, (type(self), self.args, self.__dict__.copy()))


def _restore(cls: Type[DatabrainError], args: Tuple[Any, ...], state: Dict[str, Any]) -> DatabrainError:
    err = cls.__new__(cls, *args)
    err.args = args
    err.__dict__.update(state)
    return err


class ValidationError(DatabrainError, ValueError):
    """The request broke one or more rules; nothing was sent.

    ``errors`` lists every problem as ``(path, message)``, the path in Databrain's wire
    spelling: ``[("params.appFilters[0].metricId", "is required")]``.
    """

    default_code = "VALIDATION_ERROR"

    errors: List[Tuple[str, str]]

    def __init__(self, text: str, *, errors: Optional[List[Tuple[str, str]]] = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.errors = list(errors or [])


class ConfigurationError(DatabrainError):
    """The client is not set up for this call: a missing or unusable credential, a bad base
    URL, a non-positive timeout, ..."""

    default_code = "CONFIGURATION_ERROR"


class APIError(DatabrainError):
    """Databrain answered with an error status (``status`` is set)."""

    default_code = "API_ERROR"


class AuthenticationError(APIError):
    """The credential was refused (401; 400 on the API-token endpoint). Check that the data-app
    API key and the service token are not swapped."""


class PermissionDeniedError(APIError):
    """403, e.g. ``INVALID_PERMISSIONS``."""


class NotFoundError(APIError):
    """No such data app or workspace (``DATA_APP_NOT_FOUND``, ``DATA_APP_ID_ERROR``, ...)."""


class BadRequestError(APIError):
    """Databrain refused the request body (400)."""


class RateLimitError(APIError):
    """429 after the retry budget was spent, or a ``Retry-After`` too long to wait out.

    ``retry_after`` is how long Databrain asked to wait, in seconds, or ``None``.
    """

    default_code = "RATE_LIMIT_EXCEEDED"

    retry_after: Optional[float]

    def __init__(self, text: str, *, retry_after: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """Databrain failed (5xx)."""


class APIResponseValidationError(APIError):
    """A success status whose body is not what the API documents (HTML from a proxy, truncated
    JSON, no token, ...)."""

    default_code = "DECODE_ERROR"


class APIConnectionError(DatabrainError):
    """No answer: the connection could not be made or broke before the answer arrived."""

    default_code = "CONNECTION_ERROR"


class APITimeoutError(APIConnectionError):
    """No complete answer within the configured ``timeout``."""

    default_code = "TIMEOUT"


_BY_KIND: Dict[str, Type[DatabrainError]] = {
    "validation": ValidationError,
    "configuration": ConfigurationError,
    "authentication": AuthenticationError,
    "permission_denied": PermissionDeniedError,
    "not_found": NotFoundError,
    "bad_request": BadRequestError,
    "rate_limit": RateLimitError,
    "server": ServerError,
    "api": APIError,
    "decode": APIResponseValidationError,
    "timeout": APITimeoutError,
    "connection": APIConnectionError,
}


def _from_native(
    kind: str,
    text: str,
    message: str,
    code: str,
    status: Optional[int],
    request_id: Optional[str],
    retry_after: Optional[float],
    errors: List[Tuple[str, str]],
) -> DatabrainError:
    """Called by the native module: one core error -> one exception instance."""
    cls = _BY_KIND.get(kind, DatabrainError)
    common: Dict[str, Any] = {"message": message, "code": code, "status": status, "request_id": request_id}
    if cls is ValidationError:
        return ValidationError(text, errors=errors, **common)
    if cls is RateLimitError:
        return RateLimitError(text, retry_after=retry_after, **common)
    return cls(text, **common)
