"""Reads of the village desk. Person-level rows come only through `visible_to(user)`: for a village
officer, the people whose domicile is one of the officer's villages."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from placements.models import Placement
from village.models import Acknowledgement, EarlyWarning, WarningStatus
from workers.models import Worker

RESIDENT_COLUMNS = (
    "id",
    "registration_number",
    "nik_last4",
    "full_name",
    "status",
    "phase",
    "domicile_village_id",
)


def _latest_placement(column: str) -> Subquery:
    latest = Placement.objects.filter(worker_id=OuterRef("pk")).order_by("-id").values(column)[:1]
    return Subquery(latest)


def resident_list(*, user: User | AnonymousUser, query: str = "") -> QuerySet[Worker]:
    """Residents the user may see, by name, with their latest placement's destination, departure and return
    dates (one query whatever the page holds). `query` matches every word of the name, or a registration
    number exactly. Nothing else of the record is fetched: no NIK beyond its last four digits, no phone."""
    residents = Worker.objects.visible_to(user).only(*RESIDENT_COLUMNS)
    query = " ".join(query.split())[:100]
    if query:
        by_name = Q()
        for word in query.split(" "):
            by_name &= Q(full_name__icontains=word)
        residents = residents.filter(by_name | Q(registration_number__iexact=query.replace(" ", "")))
    return residents.annotate(
        destination_code=_latest_placement("destination_country_id"),
        departure_date=_latest_placement("departure_date"),
        return_date=_latest_placement("return_record__return_date"),
    ).order_by("full_name", "id")


def acknowledgement_history(*, worker: Worker) -> list[Acknowledgement]:
    """What the village recorded for this resident before, newest first (the caller has read the worker
    through the logged getter, so these rows are of a person the user may see)."""
    return list(
        Acknowledgement.objects.filter(worker=worker)
        .select_related("recorded_by")
        .only("id", "acknowledged_on", "signatory_name", "created_at", "recorded_by__username", "worker_id")
        .order_by("-id")
    )


def resident_by_number(*, user: User | AnonymousUser, registration_number: str) -> Worker | None:
    """The resident with this registration number among those the user may see, or None."""
    return Worker.objects.visible_to(user).filter(registration_number__iexact=registration_number).first()


def early_warning_list(*, user: User | AnonymousUser) -> QuerySet[EarlyWarning]:
    """Early warnings the user may see, newest first (a village officer: those of the officer's villages)."""
    return (
        EarlyWarning.objects.visible_to(user).select_related("village", "destination_country").order_by("-id")
    )


def early_warning_work_counts(*, user: User | AnonymousUser) -> dict[str, int]:
    """Early warnings waiting in the user's scope: received and not yet taken up (one aggregate query)."""
    return EarlyWarning.objects.visible_to(user).aggregate(
        received=Count("id", filter=Q(status=WarningStatus.RECEIVED)),
        in_review=Count("id", filter=Q(status=WarningStatus.IN_REVIEW)),
    )
