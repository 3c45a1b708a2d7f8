# Type stub for the pyo3 extension (bindings/python/src). Private: use the classes in
# databrain/__init__.py and databrain.testing instead.
from typing import Any, Awaitable, Dict, List, Literal, Mapping, Optional, Tuple, TypedDict, Union

__version__: str
DEFAULT_BASE_URL: str
DEFAULT_TIMEOUT: float
DEFAULT_CONNECT_TIMEOUT: float
DEFAULT_MAX_RETRIES: int
MAX_DEPTH: int
MAX_VALUES: int
OPTION_KEYS: List[str]
CACHE_OPTION_KEYS: List[str]
DEFAULT_REFRESH_MARGIN: float
DEFAULT_MAX_ENTRIES: int
GUEST_TOKEN_PATH: str
API_TOKENS_PATH: str
LEGACY_API_TOKENS_PATH: str
ENDPOINTS: Dict[str, Dict[str, Optional[str]]]
DEFAULT_CODES: Dict[str, str]
MOCK_API_KEY: str
MOCK_PORTAL_API_KEY: str
MOCK_SERVICE_TOKEN: str
MOCK_DATA_APP: str
MOCK_PORTAL_DATA_APP: str
# (name, method, path, paginated) of every management row, from the core.
OPERATIONS: List[Tuple[str, str, str, bool]]

# Telemetry (crates/databrain/src/telemetry, bindings/python/src/telemetry.rs): the call
# table's names of the two SPEC.md calls, and one call's trace context in, record out.
GUEST_TOKEN_OPERATION: str
API_TOKEN_OPERATION: str
# The workflows' operation ids (databrain::management::PROVISION_TENANT / ROTATE_API_KEY).
PROVISION_TENANT_OPERATION: str
ROTATE_API_KEY_OPERATION: str
TELEMETRY_RECORD_VERSION: int

class CallTrace:
    def __init__(self, traceparent: Optional[str] = None, tracestate: Optional[str] = None, record: bool = True) -> None: ...
    def take_record(self) -> Optional[Dict[str, Any]]: ...  # CallRecord, camelCase keys

def _shutdown() -> None: ...
def reset_log_cache() -> None: ...  # re-read logging's levels for the databrain loggers
def _live_async_calls() -> int: ...  # tests: Rust futures of asyncio calls not yet dropped
def _error_example(kind: str) -> BaseException: ...

# The core's mint-endpoint reply rule (its MintReply), for databrain.fastapi
# and databrain.django.
class MintLog(TypedDict):
    level: Literal["warn", "error"]
    message: str

class MintReply(TypedDict):
    status: int
    headers: Dict[str, str]
    body: str
    log: Optional[MintLog]

def mint_reply_token(token: GuestToken) -> MintReply: ...
def mint_reply_no_session() -> MintReply: ...
def mint_reply_failure(error: BaseException, data_app: Optional[str] = None) -> MintReply:
    """Raises TypeError unless ``error`` is a ``databrain.DatabrainError`` subclass with a kind."""

class Client:
    def __init__(self, options: Dict[str, object], *, language: str) -> None: ...
    def derive(self, *, api_key: Optional[str] = None, service_token: Optional[str] = None) -> Client: ...
    @property
    def base_url(self) -> str: ...
    @property
    def has_api_key(self) -> bool: ...
    @property
    def has_service_token(self) -> bool: ...
    def close(self) -> None: ...
    def create_guest_token(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> str: ...
    def create_api_token(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> str: ...
    def create_guest_token_async(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> Awaitable[str]: ...
    def create_api_token_async(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> Awaitable[str]: ...
    def mint_guest_token(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> GuestToken: ...
    def mint_guest_token_async(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> Awaitable[GuestToken]: ...
    def provision_tenant(self, spec: Dict[str, object], *, trace: Optional[CallTrace] = None) -> Dict[str, Any]: ...
    def provision_tenant_async(
        self, spec: Dict[str, object], *, trace: Optional[CallTrace] = None
    ) -> Awaitable[Dict[str, Any]]: ...
    def rotate_api_key(
        self, rotation: Dict[str, object], options: Optional[Dict[str, object]] = None, *, trace: Optional[CallTrace] = None
    ) -> Dict[str, Any]: ...
    def rotate_api_key_async(
        self, rotation: Dict[str, object], options: Optional[Dict[str, object]] = None, *, trace: Optional[CallTrace] = None
    ) -> Awaitable[Dict[str, Any]]: ...
    def call(
        self,
        name: str,
        request: Optional[Mapping[str, Any]] = None,
        options: Optional[Mapping[str, Any]] = None,
        page: Optional[int] = None,
        *,
        trace: Optional[CallTrace] = None,
    ) -> Any: ...
    def call_async(
        self,
        name: str,
        request: Optional[Mapping[str, Any]] = None,
        options: Optional[Mapping[str, Any]] = None,
        page: Optional[int] = None,
        *,
        trace: Optional[CallTrace] = None,
    ) -> Awaitable[Any]: ...
    def paginate(
        self, name: str, request: Optional[Mapping[str, Any]] = None, options: Optional[Mapping[str, Any]] = None
    ) -> Pages: ...

class GuestToken:
    token: str
    shown: str
    issued_at_ms: int
    expires_at_ms: Optional[int]
    refresh_at_ms: Optional[int]
    def json(self) -> Any: ...  # {token, expiresAt, refreshAt}: _token.GuestTokenDict

class GuestTokenCache:
    def __init__(self, client: Client, options: Dict[str, object]) -> None: ...
    def get(self, request: Dict[str, object], *, trace: Optional[CallTrace] = None) -> GuestToken: ...
    def get_async(
        self, request: Dict[str, object], *, trace: Optional[CallTrace] = None
    ) -> Union[GuestToken, Awaitable[GuestToken]]: ...
    def invalidate(self, client_id: str) -> int: ...
    def clear(self) -> None: ...
    def stats(self) -> Dict[str, int]: ...

class Pages:
    def next_page(self, *, trace: Optional[CallTrace] = None) -> Optional[List[Dict[str, Any]]]: ...
    def next_page_async(self, *, trace: Optional[CallTrace] = None) -> Awaitable[Optional[List[Dict[str, Any]]]]: ...
    @property
    def exhausted(self) -> bool: ...  # the last page was read: next_page sends nothing

class MockServer:
    def __init__(self, seed: Optional[Dict[str, Any]] = None, port: int = 0) -> None: ...
    @property
    def url(self) -> str: ...
    @property
    def api_key(self) -> str: ...
    @property
    def service_token(self) -> str: ...
    @property
    def closed(self) -> bool: ...
    def requests(self) -> List[Dict[str, Any]]: ...
    def clear_requests(self) -> None: ...
    def request_count(self, path: str) -> int: ...
    def inject_fault(self, fault: Dict[str, Any]) -> None: ...
    def pending_faults(self) -> List[Dict[str, Any]]: ...
    def clear_faults(self) -> None: ...
    def guest_tokens(self) -> List[Dict[str, Any]]: ...
    def reset(self) -> None: ...
    def close(self) -> None: ...
