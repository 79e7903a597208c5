import datetime
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest

from accounts.access import person_get
from accounts.models import AccessAction
from accounts.selectors import access_log_for_subject
from portal import crypto
from workers.models import Document, RegistrationAlias, VerificationState, Worker, WorkerStatus


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


def worker_data_package(*, worker: Worker) -> dict[str, Any]:
    """Everything held about one person, for a request under UU 27/2022 (see, correct, export)."""
    documents = worker.documents.order_by("doc_type", "id")
    consents = worker.consent_events.order_by("at", "id")
    family = worker.family_contacts.order_by("id")
    trail = access_log_for_subject(subject_type="worker", subject_id=str(worker.pk))
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
            {"full_name": f.full_name, "relation": f.relation, "phone": f.phone, "address": f.address}
            for f in family
        ],
        "documents": [
            {
                "type": d.doc_type,
                "number_last4": d.number_last4,
                "issuer": d.issuer,
                "issued_date": d.issued_date.isoformat() if d.issued_date else None,
                "expiry_date": d.expiry_date.isoformat() if d.expiry_date else None,
                "verification": d.verification,
                "has_file": bool(d.file),
            }
            for d in documents
        ],
        "consent_history": [
            {
                "purpose": c.purpose,
                "granted": c.granted,
                "notice_version": c.notice_version,
                "notice_hash": c.notice_hash,
                "channel": c.channel,
                "at": c.at.isoformat(),
            }
            for c in consents
        ],
        "access_trail": [
            {"at": a.at.isoformat(), "by": a.username, "action": a.action, "purpose": a.purpose}
            for a in trail
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
