import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Model

from regions.codes import is_valid_code, level_of, parent_of
from regions.models import LEVEL_MODELS, District, HistoricDistrict
from regions.selectors import region_reference_forget
from regions.source import iter_regions

_PARENT_FIELD = {2: "province_id", 3: "regency_id", 4: "district_id"}


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    missing_from_source: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def regions_load(
    *, rows: Iterable[tuple[str, str]] | None = None, progress: Callable[[str], None] | None = None
) -> LoadReport:
    """Create or update every region from the source; idempotent: a second run writes nothing.

    Regions absent from the source are counted, not deleted: people and offices may still point at them.
    """
    by_level: dict[int, dict[str, str]] = {1: {}, 2: {}, 3: {}, 4: {}}
    for code, name in rows if rows is not None else iter_regions():
        if not is_valid_code(code):
            raise ValueError(f"invalid region code in source: {code!r}")
        by_level[level_of(code)][code] = name.strip()

    report = LoadReport()
    with transaction.atomic():
        for level, model in enumerate(LEVEL_MODELS, start=1):
            label = model.__name__.lower()
            wanted = by_level[level]
            existing = {code: name for code, name in model.objects.values_list("code", "name")}
            parent_field = _PARENT_FIELD.get(level)

            # Any: each level is a different model, and bulk_create below takes rows of this level's.
            def build(
                code: str, name: str, model: type[Model] = model, parent_field: str | None = parent_field
            ) -> Any:
                obj = model(code=code, name=name)
                if parent_field:
                    setattr(obj, parent_field, parent_of(code))
                return obj

            new = [build(c, n) for c, n in wanted.items() if c not in existing]
            renamed = [build(c, n) for c, n in wanted.items() if c in existing and existing[c] != n]
            model.objects.bulk_create(new, batch_size=5000)
            model.objects.bulk_update(renamed, ["name"], batch_size=2000)

            report.created[label] = len(new)
            report.updated[label] = len(renamed)
            report.unchanged[label] = len(wanted) - len(new) - len(renamed)
            report.missing_from_source[label] = len(existing.keys() - wanted.keys())
            if progress:
                progress(
                    f"{label}: {len(wanted)} in source, {len(new)} created, {len(renamed)} renamed, "
                    f"{report.unchanged[label]} unchanged"
                )
    region_reference_forget()
    return report


HISTORIC_DISTRICTS_CSV = Path(__file__).resolve().parent / "data" / "historic-district-codes.csv"


def historic_districts_load(
    *, path: Path = HISTORIC_DISTRICTS_CSV, progress: Callable[[str], None] | None = None
) -> int:
    """Create or update the district codes of earlier decrees (regions/data, see DATA_LICENSE.md);
    idempotent. Run after the current regions: a successor is a current district. Returns rows written."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = {row["code"]: row for row in csv.DictReader(handle)}
    current = set(
        District.objects.filter(code__in=[r["successor_code"] for r in rows.values()]).values_list(
            "code", flat=True
        )
    )
    wanted = {
        code: HistoricDistrict(
            code=code,
            name=row["name"].strip(),
            regency_name=row["regency_name"].strip(),
            province_name=row["province_name"].strip(),
            last_listed=int(row["last_listed"]),
            successor_id=row["successor_code"] if row["successor_code"] in current else None,
        )
        for code, row in rows.items()
    }
    fields = ["name", "regency_name", "province_name", "last_listed", "successor_id"]
    existing = {h.code: h for h in HistoricDistrict.objects.all()}
    new = [h for code, h in wanted.items() if code not in existing]
    changed = [
        h for code, h in wanted.items()
        if code in existing and any(getattr(existing[code], f) != getattr(h, f) for f in fields)
    ]  # fmt: skip
    with transaction.atomic():
        HistoricDistrict.objects.bulk_create(new)
        HistoricDistrict.objects.bulk_update(changed, fields)
    if progress:
        progress(
            f"districts of earlier decrees: {len(wanted)} in source, {len(new)} created, {len(changed)} updated"
        )
    region_reference_forget()
    return len(new) + len(changed)
