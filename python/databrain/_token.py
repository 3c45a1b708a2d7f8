"""``GuestToken``: a minted guest token with its times, as the core computed and formatted them."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from datetime import datetime
    from typing import Optional, TypedDict

    from . import _native

    class GuestTokenDict(TypedDict):
        token: str
        expiresAt: Optional[str]
        refreshAt: Optional[str]


__all__ = ["GuestToken"]

def _utc(ms: int) -> datetime:
    # Imported on first use: `datetime` would add ~2 ms to `import databrain`.
    from datetime import datetime, timedelta, timezone

    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)


class GuestToken:
    """A guest token and its times (timezone-aware UTC ``datetime`` objects).

    ``issued_at`` is when the request was sent; ``expires_at`` and ``refresh_at`` are ``None``
    when the token never expires (no ``expiry_time``). ``repr()`` shows only the first
    characters of the token; ``to_dict()`` is the JSON form ``{"token", "expiresAt",
    "refreshAt"}`` with ISO-8601 strings."""

    # The times are kept as the core's epoch milliseconds and become ``datetime`` objects only
    # when read: a cache hit returns a GuestToken, and most callers only send ``to_dict()``.
    __slots__ = ("_expires_ms", "_issued_ms", "_json", "_refresh_ms", "_shown", "token")

    token: str

    def __init__(self, native: _native.GuestToken) -> None:
        record = native.record()
        self.token = record["token"]
        self._shown: str = record["shown"]
        self._json: GuestTokenDict = record["json"]
        self._issued_ms: int = record["issuedAtMs"]
        self._expires_ms: Optional[int] = record["expiresAtMs"]
        self._refresh_ms: Optional[int] = record["refreshAtMs"]

    @property
    def issued_at(self) -> datetime:
        """When the mint request was sent (the conservative start of the lifetime)."""
        return _utc(self._issued_ms)

    @property
    def expires_at(self) -> Optional[datetime]:
        """When the token stops working; ``None`` when it never expires."""
        return None if self._expires_ms is None else _utc(self._expires_ms)

    @property
    def refresh_at(self) -> Optional[datetime]:
        """When a cache replaces it (issued + (1 - margin) x lifetime); ``None`` when it never expires."""
        return None if self._refresh_ms is None else _utc(self._refresh_ms)

    def to_dict(self) -> GuestTokenDict:
        """``{"token": ..., "expiresAt": "2026-12-02T03:40:00.000Z" | None, "refreshAt": ...}``."""
        return {"token": self._json["token"], "expiresAt": self._json["expiresAt"], "refreshAt": self._json["refreshAt"]}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GuestToken):
            return NotImplemented
        return (self.token, self._issued_ms, self._expires_ms) == (other.token, other._issued_ms, other._expires_ms)

    def __hash__(self) -> int:
        return hash((self.token, self._issued_ms))

    def __repr__(self) -> str:
        return (
            f"GuestToken(token={self._shown!r}, expires_at={self._json['expiresAt']!r}, "
            f"refresh_at={self._json['refreshAt']!r})"
        )

    __str__ = __repr__
