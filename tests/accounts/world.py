"""One small world with a person's record of every kind in two provinces, for the tests that walk every
URL (logged reads, the access matrix): Lampung (18, in Lampung Timur 18.07) and Jawa Timur (35)."""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from complaints.choices import ReferralTarget
from complaints.models import Referral
from complaints.services import complaint_attach
from datarights.choices import IdentifiedBy, RequestChannel
from datarights.services import data_request_file
from outreach.models import OutreachEvent
from placements.models import Flag
from privacy.services import legal_hold_place
from tests.complaints.builders import PDF, file_complaint, upload
from tests.placements.builders import LAMPUNG_TIMUR_VILLAGE, SURABAYA_VILLAGE, make_placement, make_worker
from village.models import Acknowledgement, EarlyWarning, MovementProposal
from workers.services import document_upsert

VILLAGES = {"18": LAMPUNG_TIMUR_VILLAGE, "35": SURABAYA_VILLAGE}
NAMES = {"18": "Sri Lampungwati", "35": "Dewi Suroboyo"}


@dataclass
class Province:
    """A province's records; `by_model` finds the record a URL's `pk` means, by model label."""

    code: str
    by_model: dict[str, object] = field(default_factory=dict)

    def __getitem__(self, label: str):
        return self.by_model[label]


def make_province(code: str) -> Province:
    village = VILLAGES[code]
    worker = make_worker(village_code=village, full_name=NAMES[code])
    document = document_upsert(worker=worker, doc_type="PASSPORT", number=f"C{code}123456", issuer="Kanim")
    placement = make_placement(worker, external_id=f"WORLD-{code}")
    now = timezone.now()
    flag = Flag.objects.create(
        placement=placement, rule="NP-AGENCY-UNLICENSED", rule_version=1, severity="H", evidence={},
        status="OPEN", first_seen_at=now, last_seen_at=now,
    )  # fmt: skip
    complaint, _code = file_complaint(village_code=village, reporter_name=f"Pelapor {NAMES[code]}")
    referrer = get_user_model().objects.create(username=f"world-referrer-{code}")
    referral = Referral.objects.create(
        complaint=complaint, target=ReferralTarget.values[0], created_by=referrer
    )
    attachment = complaint_attach(complaint=complaint, upload=upload("bukti.pdf", PDF, "application/pdf"))
    data_request, _code = data_request_file(
        kind="ACCESS", identified_by=IdentifiedBy.COMPLAINT, reference=complaint.ticket, access_code=_code,
        channel=RequestChannel.WEB,
    )  # fmt: skip
    event = OutreachEvent.objects.create(
        village_id=village, event_date=timezone.localdate() - datetime.timedelta(days=3), topic="SAFE_MIGRATION",
        title=f"Sosialisasi {code}", organiser="BP3MI", participants_male=3, participants_female=4,
        prospective_workers=1,
    )  # fmt: skip
    hold = legal_hold_place(actor=referrer, worker=worker, reason=f"Perkara {code}")
    # The village desk's records: an early warning naming the worker, an acknowledgement of her permission.
    warning = EarlyWarning.objects.create(
        village_id=village, kind="LEAVING", worker=worker, recruiter_name=f"Calo {code}",
        recruiter_phone="081399900002", event_date=timezone.localdate(), reported_by=referrer,
    )  # fmt: skip
    acknowledgement = Acknowledgement(
        worker=worker, village_id=village, domicile_verified=True, acknowledged_on=timezone.localdate(),
        signatory_name=f"Kepala Desa {code}", recorded_by=referrer, scan_content_type="application/pdf",
    )  # fmt: skip
    acknowledgement.scan.save("izin.pdf", ContentFile(PDF), save=False)
    acknowledgement.save()
    proposal = MovementProposal.objects.create(
        placement=placement, kind="DEPARTURE", event_date=timezone.localdate(), reported_by=referrer
    )
    return Province(
        code,
        {
            "workers.worker": worker,
            "workers.document": document,
            "placements.placement": placement,
            "placements.flag": flag,
            "complaints.complaint": complaint,
            "complaints.attachment": attachment,
            "complaints.referral": referral,
            "outreach.outreachevent": event,
            "datarights.datarequest": data_request,
            "privacy.legalhold": hold,
            "village.earlywarning": warning,
            "village.acknowledgement": acknowledgement,
            "village.movementproposal": proposal,
        },
    )
