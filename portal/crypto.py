"""Field encryption and blind indexes for identifiers (NIK, passport numbers).

Values are encrypted with the newest of FIELD_ENCRYPTION_KEYS and decrypted with any of them, so keys
can be rotated: add a new key in front, re-encrypt (`rotate`), then drop the old one. The blind index is
an HMAC of the normalised value under BLIND_INDEX_KEY: equal values give equal indexes, which allows an
exact lookup and duplicate detection without ever storing the value in clear.
"""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.strip().encode()) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def normalise(value: str) -> str:
    return "".join(value.split()).upper()


def encrypt(value: str) -> str:
    return _current().encrypt(normalise(value).encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: no configured key matches") from exc


def rotate(token: str) -> str:
    """Re-encrypt a stored token under the newest key."""
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: no configured key matches") from exc


def is_current(token: str) -> bool:
    """True when `token` is already encrypted under the newest key (so rotation can skip it)."""
    try:
        _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS[:1])).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def blind_index(value: str) -> str:
    key = settings.BLIND_INDEX_KEY.encode()
    return hmac.new(key, normalise(value).encode(), hashlib.sha256).hexdigest()


def mask(value: str, visible: int = 4) -> str:
    """Show only the last digits, as screens must."""
    value = normalise(value)
    return "•" * max(len(value) - visible, 0) + value[-visible:]
