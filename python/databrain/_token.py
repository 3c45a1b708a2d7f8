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

def _utc(ms: Optional[int]) -> Optional[datetime]:
    # Imported on first use: `datetime` would add ~2 ms to `import databrain`.
    from datetime import datetime, timedelta, timezone

    return None if ms is None else datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=ms)


class GuestToken:
    """A guest token and its times (timezone-aware UTC ``datetime`` objects).

    ``issued_at`` is when the request was sent; ``expires_at`` and ``refresh_at`` are ``None``
    when the token never expires (no ``expiry_time``). ``repr()`` shows only the first
    characters of the token; ``to_dict()`` is the JSON form ``{"token", "expiresAt",
    "refreshAt"}`` with ISO-8601 strings."""

    __slots__ = ("_json", "_shown", "expires_at", "issued_at", "refresh_at", "token")

    token: str
    issued_at: datetime
    expires_at: Optional[datetime]
    refresh_at: Optional[datetime]

    def __init__(self, native: _native.GuestToken) -> None:
        record = native.record()
        self.token = record["token"]
        self._shown: str = record["shown"]
        self._json: GuestTokenDict = record["json"]
        issued = _utc(record["issuedAtMs"])
        assert issued is not None
        self.issued_at = issued
        self.expires_at = _utc(record["expiresAtMs"])
        self.refresh_at = _utc(record["refreshAtMs"])

    def to_dict(self) -> GuestTokenDict:
        """``{"token": ..., "expiresAt": "2026-12-02T03:40:00.000Z" | None, "refreshAt": ...}``."""
        return {"token": self._json["token"], "expiresAt": self._json["expiresAt"], "refreshAt": self._json["refreshAt"]}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GuestToken):
            return NotImplemented
        return (self.token, self.issued_at, self.expires_at) == (other.token, other.issued_at, other.expires_at)

    def __hash__(self) -> int:
        return hash((self.token, self.issued_at))

    def __repr__(self) -> str:
        return (
            f"GuestToken(token={self._shown!r}, expires_at={self._json['expiresAt']!r}, "
            f"refresh_at={self._json['refreshAt']!r})"
        )

    __str__ = __repr__
