"""Writes of the village desk: keyword-only, one transaction each, scoped to the officer's villages."""

import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scoping import ensure_targets_visible
from complaints.files import stored_content, validate_upload
from portal.errors import ApplicationError
from portal.sanitize import safe_filename
from village.access import villages_of
from village.models import Acknowledgement
from workers.choices import DocumentType
from workers.models import Document, Worker
from workers.signals import worker_data_changed


def _own_village(*, user: User, worker: Worker) -> str:
    """The worker's village, when it is one the officer serves; otherwise the write is refused."""
    if worker.domicile_village_id not in villages_of(user):
        message = _("This resident does not live in your village.")
        raise ApplicationError(message, code="out_of_scope", status=403)
    return worker.domicile_village_id


@transaction.atomic
def acknowledgement_record(
    *,
    worker: Worker,
    user: User,
    domicile_verified: bool,
    acknowledged_on: datetime.date,
    signatory_name: str,
    scan: UploadedFile | None = None,
) -> Acknowledgement:
    """Record that the village verified the resident's domicile and that its head acknowledged the family
    permission letter; the worker's family-permission document then names this village as the one that
    acknowledged it (created if the officers have not recorded the letter yet), and the worker's flags are
    re-evaluated once the transaction commits."""
    village = _own_village(user=user, worker=worker)
    signatory_name = " ".join(signatory_name.split())
    errors: dict[str, list[str]] = {}
    if not domicile_verified:
        errors["domicile_verified"] = [_("Confirm that the resident lives in your village.")]
    if not signatory_name:
        errors["signatory_name"] = [_("Give the name of the person who signed.")]
    if acknowledged_on > timezone.localdate():
        errors["acknowledged_on"] = [_("The date cannot be in the future.")]
    content_type = ""
    if scan is not None:
        try:
            content_type = validate_upload(scan)
        except ValidationError as error:
            errors["scan"] = list(error.messages)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ApplicationError(first, fields=errors)
    record = Acknowledgement(
        worker=worker,
        village_id=village,
        domicile_verified=True,
        acknowledged_on=acknowledged_on,
        signatory_name=signatory_name[:150],
        scan_content_type=content_type,
        recorded_by=user,
    )
    ensure_targets_visible(user=user, instance=record)
    if scan is not None:
        record.scan.save(safe_filename(scan.name or ""), stored_content(scan, content_type), save=False)
    record.save()
    document, _created = Document.objects.select_for_update().get_or_create(
        worker=worker, doc_type=DocumentType.FAMILY_PERMISSION
    )
    document.acknowledged_village_id = village
    document.save(update_fields=["acknowledged_village", "updated_at"])
    worker_data_changed.send(sender=acknowledgement_record, worker_ids=[worker.pk])
    return record
