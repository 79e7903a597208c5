"""Pure helpers for dotted Kemendagri codes (`18`, `18.07`, `18.07.01`, `18.07.01.2001`)."""

import re

CODE_RE = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
LEVEL_NAMES = ("province", "regency", "district", "village")


def is_valid_code(code: str) -> bool:
    return bool(CODE_RE.match(code or ""))


def level_of(code: str) -> int:
    """1 = province ... 4 = village."""
    return code.count(".") + 1


def parent_of(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ancestors(code: str) -> list[str]:
    """The code and every enclosing code, outermost first: `18.07.01` -> [`18`, `18.07`, `18.07.01`]."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def within(code: str, scope: str) -> bool:
    """True when `code` is `scope` or lies inside it."""
    return code == scope or code.startswith(scope + ".")
