"""Exception classes. Plain Python so they pickle (multiprocessing, Celery results) and can be
caught, subclassed and constructed in users' tests; the native module builds them through
``_from_native`` from the core crate's error record (kind, code, message, status, request id,
attempts, cause chain), and the default code of each class comes from the core's table."""

from __future__ import annotations

from . import _native

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
    - ``request_id``: the ``x-request-id`` of the failed request (the one the SDK sent, or
      Databrain's answer), for every error that followed a request;
    - ``attempts``: how many attempts were made (0 when nothing was sent).

    The transport's cause chain, when there is one, is ``__cause__`` (down to the OS error).
    Never contains a credential.
    """

    default_code = "DATABRAIN_ERROR"

    code: str
    status: Optional[int]
    message: str
    request_id: Optional[str]
    attempts: int

    def __init__(
        self,
        text: str,
        *,
        message: Optional[str] = None,
        code: Optional[str] = None,
        status: Optional[int] = None,
        request_id: Optional[str] = None,
        attempts: int = 0,
    ) -> None:
        super().__init__(text)
        self.message = text if message is None else message
        self.code = self.default_code if code is None else code
        self.status = status
        self.request_id = request_id
        self.attempts = attempts

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

    errors: List[Tuple[str, str]]

    def __init__(self, text: str, *, errors: Optional[List[Tuple[str, str]]] = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.errors = list(errors or [])


class ConfigurationError(DatabrainError):
    """The client is not set up for this call: a missing or unusable credential, a bad base
    URL, a non-positive timeout, ..."""



class APIError(DatabrainError):
    """Databrain answered with an error status (``status`` is set)."""



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

    retry_after: Optional[float]

    def __init__(self, text: str, *, retry_after: Optional[float] = None, **kwargs: Any) -> None:
        super().__init__(text, **kwargs)
        self.retry_after = retry_after


class ServerError(APIError):
    """Databrain failed (5xx)."""


class APIResponseValidationError(APIError):
    """A success status whose body is not what the API documents (HTML from a proxy, truncated
    JSON, no token, ...)."""



class APIConnectionError(DatabrainError):
    """No answer: the connection could not be made or broke before the answer arrived."""



class APITimeoutError(APIConnectionError):
    """No complete answer within the configured ``timeout``."""



_CLASSES: Dict[str, Type[DatabrainError]] = {
    cls.__name__: cls
    for cls in (
        ValidationError,
        ConfigurationError,
        APIError,
        AuthenticationError,
        PermissionDeniedError,
        NotFoundError,
        BadRequestError,
        RateLimitError,
        ServerError,
        APIResponseValidationError,
        APIConnectionError,
        APITimeoutError,
    )
}

# The core's table (class name -> default code), so no code is typed twice.
for _name, _code in _native.DEFAULT_CODES.items():
    _CLASSES[_name].default_code = _code


def _from_native(
    *,
    cls: str,
    kind: str,
    code: str,
    message: str,
    text: str,
    status: Optional[int],
    requestId: Optional[str],  # noqa: N803 - the core's record is camelCase
    retryAfter: Optional[float],  # noqa: N803
    errors: List[Dict[str, str]],
    attempts: int,
    causes: List[str],
) -> DatabrainError:
    """Called by the native module with the core's error record: one exception instance,
    its transport cause chain as ``__cause__``."""
    klass = _CLASSES[cls]
    common: Dict[str, Any] = {
        "message": message,
        "code": code,
        "status": status,
        "request_id": requestId,
        "attempts": attempts,
    }
    exc: DatabrainError
    if klass is ValidationError:
        exc = ValidationError(text, errors=[(e["path"], e["message"]) for e in errors], **common)
    elif klass is RateLimitError:
        exc = RateLimitError(text, retry_after=retryAfter, **common)
    else:
        exc = klass(text, **common)
    cause: Optional[BaseException] = None
    for link in reversed(causes):
        outer = Exception(link)
        outer.__cause__ = cause
        cause = outer
    exc.__cause__ = cause
    return exc
