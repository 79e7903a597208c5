import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.dateparse import parse_datetime

from accounts.access import person_get
from accounts.models import AccessAction
from portal import crypto
from workers.models import (
    Document,
    RegistrationAlias,
    VerificationState,
    Worker,
    WorkerStatus,
)


def worker_list(*, user: User | AnonymousUser) -> QuerySet[Worker]:
    """Workers the user may see, newest first, with the names of their village and regency: only the
    columns the staff list shows (no encrypted NIK, phone or address fetched for a page of 50)."""
    return (
        Worker.objects.visible_to(user)
        .select_related("domicile_village__district__regency")
        .only(
            "id",
            "registration_number",
            "nik_last4",
            "full_name",
            "sex",
            "birth_date",
            "status",
            "phase",
            "possible_duplicate",
            "created_at",
            "domicile_village__name",
            "domicile_village__district_id",
            "domicile_village__district__regency_id",
            "domicile_village__district__regency__name",
        )  # fmt: skip
        .order_by("-id")
    )


def worker_get(*, request: HttpRequest, pk: object, action: AccessAction = AccessAction.VIEW) -> Worker:
    """One worker the user may see, logged; or 404 (never 403: existence is not revealed)."""
    return person_get(
        Worker.objects.select_related("domicile_village__district__regency"),
        request=request,
        pk=pk,
        action=action,
    )


def worker_search_index(*, nik: str) -> str:
    """What an exact NIK search looks up: the keyed blind index, never the number."""
    return crypto.blind_index(nik)


def workers_by_nik_index(*, indexes: set[str]) -> list[tuple[str, int, str]]:
    """(NIK blind index, id, domicile village code) of the workers with these NIKs, newest first: a
    dict built from them keeps the oldest record of a NIK registered twice. One query, for imports."""
    return list(
        Worker.objects.filter(nik_index__in=indexes)
        .order_by("-id")
        .values_list("nik_index", "id", "domicile_village_id")
    )


def worker_public_status(*, registration_number: str, birth_date: datetime.date) -> Worker | None:
    """The registration matching both the number and the birth date; None for any mismatch.

    A number merged into another registration (a duplicate) answers with the surviving worker, with
    `merged_from` set to the number asked about so the person can be told the number to use now."""
    worker = (
        Worker.objects.filter(registration_number=registration_number, birth_date=birth_date)
        .only("status", "rejection_reason", "registration_number", "created_at")
        .first()
    )
    if worker is not None:
        worker.merged_from = ""  # type: ignore[attr-defined]
        return worker
    alias = (
        RegistrationAlias.objects.filter(registration_number=registration_number)
        .filter(Q(birth_date=birth_date) | Q(worker__birth_date=birth_date))
        .select_related("worker")
        .only(
            "registration_number",
            *(f"worker__{f}" for f in ("status", "rejection_reason", "registration_number", "created_at")),
        )
        .first()
    )
    if alias is None:
        return None
    alias.worker.merged_from = alias.registration_number  # type: ignore[attr-defined]
    return alias.worker


# The package's parts, each one indexed statement written in SQL both PostgreSQL and SQLite read: on such
# small reads the ORM's own work costs three times the database's (P9 in benchmarks/README.md).
_PACKAGE_PARTS = {
    "family_contacts": (
        "SELECT full_name, relation, phone, address FROM workers_familycontact WHERE worker_id = %s ORDER BY id"
    ),
    "documents": (
        "SELECT doc_type, number_last4, issuer, issued_date, expiry_date, verification, file"
        " FROM workers_document WHERE worker_id = %s ORDER BY doc_type, id"
    ),
    "consent_history": (
        "SELECT purpose, granted, notice_version, notice_hash, channel, at"
        " FROM workers_consentevent WHERE worker_id = %s ORDER BY at, id"
    ),
    "access_trail": (
        "SELECT at, username, action, purpose FROM accounts_accesslog"
        " WHERE subject_type = 'worker' AND subject_id = %s ORDER BY at DESC, id DESC"
    ),
}


def _iso(value: Any) -> str | None:
    """A date or timestamp as the package writes it. SQLite hands timestamps over naive, or as text (in UTC)."""
    if isinstance(value, str) and len(value) > 10:
        value = parse_datetime(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=datetime.UTC)
    return value if value is None or isinstance(value, str) else value.isoformat()


def worker_data_package(*, worker: Worker) -> dict[str, Any]:
    """Everything held about one person, for a request under UU 27/2022 (see, correct, export): the record
    given, and its family contacts, documents, consents and processing trail, each read through its index
    (the trail among millions of log rows through the access log's subject index)."""
    parts = {}
    with connection.cursor() as cursor:
        for part, sql in _PACKAGE_PARTS.items():
            cursor.execute(sql, [str(worker.pk) if part == "access_trail" else worker.pk])
            parts[part] = cursor.fetchall()
    return {
        "worker": {
            "id": worker.pk,
            "registration_number": worker.registration_number,
            "nik": crypto.decrypt(worker.nik_encrypted),
            "full_name": worker.full_name,
            "sex": worker.sex,
            "birth_date": worker.birth_date.isoformat(),
            "birth_place": worker.birth_place,
            "phone": worker.phone,
            "email": worker.email,
            "village_code": worker.domicile_village_id,
            "address": worker.address,
            "education": worker.education,
            "marital_status": worker.marital_status,
            "desired_country": worker.desired_country,
            "desired_position": worker.desired_position,
            "status": worker.status,
            "rejection_reason": worker.rejection_reason,
            "phase": worker.phase,
            "registered_at": worker.created_at.isoformat(),
        },
        "family_contacts": [
            {"full_name": name, "relation": relation, "phone": phone, "address": address}
            for name, relation, phone, address in parts["family_contacts"]
        ],
        "documents": [
            {
                "type": doc_type,
                "number_last4": last4,
                "issuer": issuer,
                "issued_date": _iso(issued),
                "expiry_date": _iso(expiry),
                "verification": verification,
                "has_file": bool(file),
            }
            for doc_type, last4, issuer, issued, expiry, verification, file in parts["documents"]
        ],
        "consent_history": [
            {
                "purpose": purpose,
                "granted": bool(granted),
                "notice_version": version,
                "notice_hash": notice_hash,
                "channel": channel,
                "at": _iso(at),
            }
            for purpose, granted, version, notice_hash, channel, at in parts["consent_history"]
        ],
        "access_trail": [
            {"at": _iso(at), "by": username, "action": action, "purpose": purpose}
            for at, username, action, purpose in parts["access_trail"]
        ],
    }


def worker_work_counts(*, user: User) -> dict[str, int]:
    """What waits for an officer in the workers register: one aggregate query per table, whatever its size."""
    workers = Worker.objects.visible_to(user).aggregate(
        to_verify=Count("id", filter=Q(status=WorkerStatus.SUBMITTED))
    )
    documents = Document.objects.visible_to(user).aggregate(
        to_check=Count("id", filter=Q(verification=VerificationState.PENDING))
    )
    return {"registrations_to_verify": workers["to_verify"], "documents_to_check": documents["to_check"]}
