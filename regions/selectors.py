import time
from collections.abc import Iterable

from regions.codes import is_valid_code, level_of
from regions.models import LEVEL_MODELS, District, HistoricDistrict, Province

_PARENT_LOOKUP = {2: "province_id", 3: "regency_id", 4: "district_id"}


def region_children(*, parent: str | None) -> list[dict[str, str]]:
    """Code and name of the regions directly under `parent` (provinces when None), by code.

    Returns [] for a village (it has no children); the caller checks that `parent` exists.
    """
    rows: Iterable[tuple[str, str]]
    if parent is None:
        rows = Province.objects.order_by("code").values_list("code", "name")
    else:
        level = level_of(parent)
        if level >= len(LEVEL_MODELS):
            return []
        model = LEVEL_MODELS[level]
        rows = (
            model.objects.filter(**{_PARENT_LOOKUP[level + 1]: parent})
            .order_by("code")
            .values_list("code", "name")
        )
    return [{"code": code, "name": name} for code, name in rows]


def region_exists(*, code: str) -> bool:
    if not is_valid_code(code):
        return False
    return LEVEL_MODELS[level_of(code) - 1].objects.filter(code=code).exists()


def region_names(*, codes: list[str]) -> dict[str, str]:
    """Names for a handful of codes of any level, in one query per level present."""
    names: dict[str, str] = {}
    by_level: dict[int, list[str]] = {}
    for code in codes:
        if is_valid_code(code):
            by_level.setdefault(level_of(code), []).append(code)
    for level, level_codes in by_level.items():
        names.update(LEVEL_MODELS[level - 1].objects.filter(code__in=level_codes).values_list("code", "name"))
    return names


# Reference data every registration checks its NIK against (twice: the form, then the service): read once
# per process and again after a while, so a new decree loaded while the portal runs is seen within minutes.
_DISTRICT_CODES_SECONDS = 600
_district_codes: tuple[float, frozenset[str], frozenset[str]] | None = None


def district_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The district codes of the 2025 decree and of earlier decrees."""
    global _district_codes
    now = time.time()
    if _district_codes is None or now - _district_codes[0] > _DISTRICT_CODES_SECONDS:
        current = frozenset(District.objects.values_list("code", flat=True))
        historic = frozenset(HistoricDistrict.objects.values_list("code", flat=True))
        if not current:  # the regions are not loaded yet: read them again next time
            return current, historic
        _district_codes = (now, current, historic)
    return _district_codes[1], _district_codes[2]


def district_codes_forget() -> None:
    """After the regions are loaded again (and between tests)."""
    global _district_codes
    _district_codes = None


def district_code_known(code: str) -> bool:
    """A district code a NIK may carry: of the 2025 decree or of an earlier one (domain.md §4)."""
    current, historic = district_codes()
    return code in current or code in historic


def historic_district(*, code: str | None) -> HistoricDistrict | None:
    """The earlier decree's district for `code`, with its successor, when the 2025 decree no longer has it."""
    if not code or code not in district_codes()[1]:
        return None
    return HistoricDistrict.objects.select_related("successor__regency").filter(code=code).first()
