"""Writing a chunk of parsed placement rows: their workers (new ones through the workers' service),
the placements and their returns, in one transaction with set-based reads and bulk writes. A row is
either written whole (worker, placement, return) or not at all; an unchanged row writes nothing."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import Scope
from placements.imports.parse import Lookups, PlacementRow
from placements.models import Placement, ReturnRecord
from placements.services import refresh_flags_later
from portal import crypto
from portal import exchange as ex
from portal.bulk import bulk_insert
from portal.history import history_bulk_record, history_bulk_record_ids
from workers.selectors import workers_by_nik_index
from workers.services import NewPerson, worker_bulk_create

PLACEMENT_FIELDS = [
    "worker_id", "scheme", "agency_licence_number", "agency_id", "job_order_number", "job_order_id",
    "recruiter_type", "recruiter_name", "recruiter_phone", "destination_country_id", "position_id",
    "employer_type", "visa_type", "recruited_date", "departure_date", "exit_point", "official_exit",
    "contract_months", "bpjs_valid_until", "opp_date", "fees_charged_idr", "phase", "bpjs_valid_from",
]  # fmt: skip
_PERSON_COLUMNS = ("full_name", "sex", "birth_date", "village_code")


def write_placements(
    rows: list[PlacementRow], report: ex.ImportReport, *, source: str, lookups: Lookups, scope: Scope | None
) -> None:
    """Write one chunk in one transaction; raises DatabaseError to let the caller retry row by row."""
    with transaction.atomic():
        index_of = {row.line: crypto.blind_index(row.nik) for row in rows}
        workers: dict[str, int] = {}
        villages: dict[str, str] = {}
        for index, pk, village in workers_by_nik_index(indexes=set(index_of.values())):
            workers[index], villages[index] = pk, village  # the oldest record of a NIK wins
        placed_in = dict(
            Placement.objects.filter(
                source=source, external_id__in=[r.external_id for r in rows]
            ).values_list("external_id", "worker__domicile_village_id")
        )
        writable, new_people = [], {}
        for row in rows:
            index = index_of[row.line]
            village = villages.get(index) or row.person["village_code"]
            moved_away = row.external_id in placed_in and ex.out_of_scope(scope, placed_in[row.external_id])
            if ex.out_of_scope(scope, village) or moved_away:
                column = "nik" if index in villages else "village_code"
                message = _("This person lives outside the regions you cover.")
                report.rejected.append(ex.RowError(row.line, column, message))
                continue
            if index not in workers and index not in new_people:
                missing = next((c for c in _PERSON_COLUMNS if not row.person[c]), None)
                if missing:
                    message = _("Required for a worker not yet registered (matched by NIK).")
                    report.rejected.append(ex.RowError(row.line, missing, message))
                    continue
                new_people[index] = NewPerson(nik=row.nik, nik_index=index, **row.person)
            writable.append(row)
        workers |= worker_bulk_create(people=list(new_people.values()), districts=lookups.districts)

        existing = {
            p["external_id"]: p
            for p in Placement.objects.filter(
                source=source, external_id__in=[r.external_id for r in writable]
            ).values("id", "external_id", *PLACEMENT_FIELDS)
        }
        create, update, returns = [], [], {}
        now = timezone.now()
        for row in writable:
            values = {**row.values, "worker_id": workers[index_of[row.line]]}
            current = existing.get(row.external_id)
            if current is not None:  # a column the file lacks keeps what is recorded
                values = {
                    **{name: current[name] for name in PLACEMENT_FIELDS if name not in values},
                    **values,
                }
            if current is None:
                create.append(Placement(source=source, external_id=row.external_id, **values))
            elif any(current[name] != values[name] for name in PLACEMENT_FIELDS):
                update.append(Placement(id=current["id"], updated_at=now, **values))
            else:
                report.unchanged += 1
            if row.return_values:
                returns[row.external_id] = row.return_values
        created = bulk_insert(create)
        Placement.objects.bulk_update(update, [*PLACEMENT_FIELDS, "updated_at"])
        history_bulk_record(model=Placement, objs=created, updated=False, reason=f"import:{source}")
        # The updated objects carry only the file's fields: their history is read back from the table.
        history_bulk_record_ids(
            model=Placement, ids=[p.id for p in update], updated=True, reason=f"import:{source}"
        )
        report.created += len(created)
        report.updated += len(update)
        ids = {p.external_id: p.id for p in created} | {e: c["id"] for e, c in existing.items()}
        _write_returns({ids[e]: values for e, values in returns.items()})
        changed = [p.id for p in created] + [p.id for p in update]
        refresh_flags_later(placement_ids=changed + [ids[e] for e in returns])


def _write_returns(by_placement: dict[int, dict[str, Any]]) -> None:
    if not by_placement:
        return
    existing = {r.placement_id: r for r in ReturnRecord.objects.filter(placement_id__in=by_placement)}
    create, update = [], []
    for placement_id, values in by_placement.items():
        record = existing.get(placement_id)
        if record is None:
            create.append(ReturnRecord(placement_id=placement_id, **values))
        elif (record.return_date, record.reason) != (values["return_date"], values["reason"]):
            record.return_date, record.reason = values["return_date"], values["reason"]
            update.append(record)
    bulk_insert(create)
    ReturnRecord.objects.bulk_update(update, ["return_date", "reason"])
