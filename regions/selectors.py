import time
from collections.abc import Callable, Iterable
from typing import Any

from regions.codes import is_valid_code, level_of
from regions.models import LEVEL_MODELS, District, HistoricDistrict, Province, Regency, Village

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
    level = level_of(code)
    if level == len(LEVEL_MODELS):  # a village: the codes every registration checks, kept per process
        return village_exists(code)
    return LEVEL_MODELS[level - 1].objects.filter(code=code).exists()


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


# Reference data read on every registration (the district codes its NIK is checked against, twice, and the
# village codes) and on every list page (the region filter's provinces and regencies): read once per process
# and again after a while, so a new decree loaded while the portal runs is seen within minutes, at once after
# `load_regions`.
_REFERENCE_SECONDS = 600
_reference: dict[str, tuple[float, Any]] = {}


def _kept(name: str, read: Callable[[], Any]) -> Any:
    kept = _reference.get(name)
    now = time.time()
    if kept is None or now - kept[0] > _REFERENCE_SECONDS:
        value = read()
        if not value:  # the regions are not loaded yet: read them again next time
            return value
        kept = _reference[name] = (now, value)
    return kept[1]


def region_reference_forget() -> None:
    """After the regions are loaded again (and between tests)."""
    _reference.clear()


def district_codes() -> tuple[frozenset[str], frozenset[str]]:
    """The district codes of the 2025 decree and of earlier decrees."""
    return _kept("districts", _read_district_codes) or (frozenset(), frozenset())


def _read_district_codes() -> tuple[frozenset[str], frozenset[str]] | None:
    current = frozenset(District.objects.values_list("code", flat=True))
    # Earlier decrees' districts name their successors: none can be loaded before the current ones.
    return (current, frozenset(HistoricDistrict.objects.values_list("code", flat=True))) if current else None


def village_exists(code: str) -> bool:
    """Whether a village has this code: every registration and complaint asks. The codes are kept per
    process; a code not among them is looked up, so a village loaded since is found at once."""
    if code in (_kept("villages", _read_village_codes) or ()):
        return True
    return Village.objects.filter(code=code).exists()


def _read_village_codes() -> frozenset[str]:
    return frozenset(Village.objects.values_list("code", flat=True))


def provinces() -> tuple[tuple[str, str], ...]:
    """Every province's code and name, by code."""
    kept: tuple[tuple[str, str], ...] = _kept(
        "provinces", lambda: tuple((row["code"], row["name"]) for row in region_children(parent=None))
    )
    return kept


def regencies_of(province: str) -> tuple[tuple[str, str], ...]:
    """The code and name of each regency and city of a province, by code."""
    by_province: dict[str, tuple[tuple[str, str], ...]] = _kept("regencies", _regencies_by_province)
    return by_province.get(province, ())


def _regencies_by_province() -> dict[str, tuple[tuple[str, str], ...]]:
    grouped: dict[str, list[tuple[str, str]]] = {}
    for code, name, province in Regency.objects.order_by("code").values_list("code", "name", "province_id"):
        grouped.setdefault(province, []).append((code, name))
    return {province: tuple(rows) for province, rows in grouped.items()}


def district_code_known(code: str) -> bool:
    """A district code a NIK may carry: of the 2025 decree or of an earlier one (domain.md §4)."""
    current, historic = district_codes()
    return code in current or code in historic


def historic_district(*, code: str | None) -> HistoricDistrict | None:
    """The earlier decree's district for `code`, with its successor, when the 2025 decree no longer has it."""
    if not code or code not in district_codes()[1]:
        return None
    return HistoricDistrict.objects.select_related("successor__regency").filter(code=code).first()
