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

    # The core's token object is kept whole and read only when asked: a cache hit returns a
    # GuestToken, and most callers read ``token`` or call ``to_dict()``, so the times, their
    # ISO strings and the ``datetime`` objects are made on access, not per hit.
    __slots__ = ("_native", "token")

    token: str

    def __init__(self, native: _native.GuestToken) -> None:
        self._native = native
        self.token = native.token

    @property
    def issued_at(self) -> datetime:
        """When the mint request was sent (the conservative start of the lifetime)."""
        return _utc(self._native.issued_at_ms)

    @property
    def expires_at(self) -> Optional[datetime]:
        """When the token stops working; ``None`` when it never expires."""
        ms = self._native.expires_at_ms
        return None if ms is None else _utc(ms)

    @property
    def refresh_at(self) -> Optional[datetime]:
        """When a cache replaces it (issued + (1 - margin) x lifetime); ``None`` when it never expires."""
        ms = self._native.refresh_at_ms
        return None if ms is None else _utc(ms)

    def to_dict(self) -> GuestTokenDict:
        """``{"token": ..., "expiresAt": "2026-12-02T03:40:00.000Z" | None, "refreshAt": ...}``."""
        json: GuestTokenDict = self._native.json()
        return json

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GuestToken):
            return NotImplemented
        mine, theirs = self._native, other._native
        return (self.token, mine.issued_at_ms, mine.expires_at_ms) == (other.token, theirs.issued_at_ms, theirs.expires_at_ms)

    def __hash__(self) -> int:
        return hash((self.token, self._native.issued_at_ms))

    def __repr__(self) -> str:
        json = self._native.json()
        return (
            f"GuestToken(token={self._native.shown!r}, expires_at={json['expiresAt']!r}, "
            f"refresh_at={json['refreshAt']!r})"
        )

    __str__ = __repr__
