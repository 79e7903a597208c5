"""Merging two registrations of one person (issue 15, item 5): `worker_merge`, re-exported by
`workers.services` with the other writes. Kept apart because services.py is near its size limit."""

from django.apps import apps
from django.db import models, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from accounts.models import AccessAction
from accounts.roles import Role
from accounts.scoping import user_roles
from accounts.services import access_log_record
from portal.errors import ApplicationError
from workers.models import Document, RegistrationAlias, VerificationState, Worker
from workers.signals import worker_data_changed

# Sent after a merge committed (kwargs: survivor, absorbed_id, absorbed_registration_number, by, moved).
# This is the hook for the change history: once it exists, it records merges by connecting here.
worker_merged = Signal()

MERGERS = frozenset({Role.SUPERVISOR, Role.ADMIN})


def _references_to_worker() -> list[models.Field]:
    """Every foreign key to Worker in every app, so that records added by later apps (placements,
    complaints, data requests...) move too without this module importing them."""
    return [
        field
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.many_to_one and field.related_model is Worker and model is not Worker
    ]


def _settle_documents(survivor: Worker, absorbed: Worker) -> int:
    """One document per type: where both records hold a type, keep the verified one (else the one
    updated last) and delete the other, before the rest move. Returns how many were dropped."""
    rank: dict[str, int] = {VerificationState.VERIFIED: 2, VerificationState.PENDING: 1}
    best: dict[str, Document] = {}
    for document in Document.objects.filter(worker__in=[survivor, absorbed]).order_by("id"):
        current = best.get(document.doc_type)
        key = (rank.get(document.verification, 0), document.updated_at)
        if current is None or key > (rank.get(current.verification, 0), current.updated_at):
            best[document.doc_type] = document
    keep = [d.pk for d in best.values()]
    dropped, _detail = Document.objects.filter(worker__in=[survivor, absorbed]).exclude(pk__in=keep).delete()
    return dropped


def worker_merge(*, survivor: Worker, absorbed: Worker, by, request=None) -> Worker:
    """Merge `absorbed` into `survivor`: everything attached to it moves (set-based, one UPDATE per
    kind of record), its registration number becomes an alias of the survivor's, the record goes.

    Only supervisors and admins merge, only records both visible to them, and only when at least
    one of the two is marked a possible duplicate. One transaction: all of it or nothing."""
    if not user_roles(by) & MERGERS:
        raise ApplicationError(_("Only a supervisor or an administrator may merge registrations."))
    if survivor.pk == absorbed.pk:
        raise ApplicationError(_("Choose two different registrations to merge."))
    with transaction.atomic():
        pair = list(
            Worker.objects.visible_to(by)
            .select_for_update()
            .filter(pk__in=[survivor.pk, absorbed.pk])
            .order_by("id")
        )
        if len(pair) != 2:
            raise ApplicationError(_("Both registrations must be in your regions."))
        survivor, absorbed = (pair[0], pair[1]) if pair[0].pk == survivor.pk else (pair[1], pair[0])
        if not (survivor.possible_duplicate or absorbed.possible_duplicate):
            raise ApplicationError(_("Only registrations marked as possible duplicates can be merged."))

        moved = {"documents_dropped": _settle_documents(survivor, absorbed)}
        for field in _references_to_worker():
            model = field.model
            count = model._base_manager.filter(**{field.attname: absorbed.pk}).update(
                **{field.attname: survivor.pk}
            )
            if count:
                moved[model._meta.label_lower] = count
        RegistrationAlias.objects.create(
            registration_number=absorbed.registration_number,
            worker=survivor,
            birth_date=absorbed.birth_date,
            merged_by=by,
        )
        absorbed_id, absorbed_number = absorbed.pk, absorbed.registration_number
        absorbed.delete()
        others = Worker.objects.filter(nik_index=survivor.nik_index).exclude(pk=survivor.pk).exists()
        Worker.objects.filter(pk=survivor.pk).update(possible_duplicate=others)
        survivor.possible_duplicate = others
        # The placements moved now belong to a person whose data may differ: their rules run again.
        worker_data_changed.send(sender=worker_merge, worker_ids=[survivor.pk])

        detail = {"survivor": survivor.pk, "absorbed": absorbed_id, "moved": moved}
        for subject in (survivor.pk, absorbed_id):
            access_log_record(
                request=request,
                user=by,
                action=AccessAction.MERGE,
                subject_type="worker",
                subject_id=subject,
                purpose="" if request is not None else "worker_merge",
                detail={
                    **detail,
                    "survivor_registration_number": survivor.registration_number,
                    "absorbed_registration_number": absorbed_number,
                },
            )
        transaction.on_commit(
            lambda: worker_merged.send(
                sender=worker_merge,
                survivor=survivor,
                absorbed_id=absorbed_id,
                absorbed_registration_number=absorbed_number,
                by=by,
                moved=moved,
            )
        )
    return survivor
