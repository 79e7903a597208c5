"""Demo complaints: every category, and every state of the workflow."""

import datetime

from django.contrib.auth.models import User
from django.utils import timezone

from complaints.choices import Category, Outcome, ReferralTarget, Status
from complaints.models import Complaint
from complaints.services import (
    complaint_assign,
    complaint_file,
    complaint_link,
    complaint_refer,
    complaint_transition,
)
from placements.models import Placement

STORIES = {
    Category.UNPAID_WAGES: "Anak saya di Taiwan belum digaji tiga bulan. Majikan bilang menunggu agensi.",
    Category.ABUSE: "Kakak saya dipukul majikan di Hong Kong dan tidak boleh keluar rumah.",
    Category.CONTRACT_VIOLATION: "Di kontrak sebagai caregiver tapi disuruh kerja di pabrik 14 jam.",
    Category.ILLNESS: "Istri saya sakit di Malaysia, tidak dibawa ke dokter.",
    Category.DETENTION: "Adik saya ditahan imigrasi karena paspornya dipegang majikan.",
    Category.TRAFFICKING: "Tetangga dibawa calo ke Kamboja dengan visa turis, sekarang tidak bisa pulang.",
    Category.DEATH: "Keluarga kami meninggal di Arab Saudi, kami butuh bantuan pemulangan jenazah.",
    Category.ILLEGAL_RECRUITMENT: "Ada sponsor di desa kami meminta uang Rp15 juta untuk berangkat ke Malaysia.",
    Category.FAILED_DEPARTURE: "Sudah bayar dan ikut pelatihan tapi tidak jadi berangkat, uang tidak kembali.",
    Category.WANTS_TO_RETURN: "Saya ingin pulang sebelum kontrak selesai karena orang tua sakit.",
    Category.OTHER: "Dokumen saya ditahan oleh perusahaan setelah saya pulang.",
}
# How far each demo complaint has gone, cycling through the workflow.
PATHS: list[list[str]] = [
    [],
    [Status.VERIFIED],
    [Status.VERIFIED, Status.IN_PROGRESS],
    [Status.VERIFIED, Status.IN_PROGRESS, "REFER"],
    [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED],
    [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED],
    [Status.REJECTED],
]


def seed(stdout) -> None:
    if Complaint.objects.exists():
        stdout.write("demo complaints: already present, left unchanged")
        return
    officer = User.objects.get(username="officer.lampung")
    retro = Placement.objects.filter(external_id="DEMO-NP-RETRO").first()
    villages = ["18.07.01.2001", "18.07.02.2001", "18.07.05.2001", None]
    created = 0
    for n, (category, story) in enumerate([*STORIES.items(), *STORIES.items()]):
        anonymous = n % 3 == 0
        complaint, _code = complaint_file(
            category=category, phase="MASA" if n % 2 else "PRA", description=story, anonymous=anonymous,
            reporter_relation="" if anonymous else "FAMILY", reporter_name="" if anonymous else "Keluarga Demo",
            reporter_phone="" if anonymous else "081234500000", village_code=villages[n % len(villages)],
            destination_country="MY", recruiter_phone="081399900002" if category == Category.ILLEGAL_RECRUITMENT else "",
        )  # fmt: skip
        if category == Category.TRAFFICKING and retro is not None and n < len(STORIES):
            complaint = complaint_link(complaint=complaint, actor=officer, placement=retro)
        if n % 4 != 3:
            complaint = complaint_assign(
                complaint=complaint, assignee=officer, actor=officer, expected_version=1
            )
        for step in PATHS[n % len(PATHS)]:
            if step == "REFER":
                complaint_refer(complaint=complaint, actor=officer, expected_version=complaint.version,
                                target=ReferralTarget.EMBASSY, target_name="KBRI Kuala Lumpur")  # fmt: skip
                complaint.refresh_from_db()
                continue
            complaint = complaint_transition(
                complaint=complaint, to=step, actor=officer, expected_version=complaint.version,
                public_note="Laporan Anda sedang kami tangani." if step == Status.IN_PROGRESS else "",
                internal_note="Sudah ditelepon pelapor." if step == Status.IN_PROGRESS else "",
                reason="Laporan ganda, sudah ditangani di tiket lain." if step == Status.REJECTED else "",
                outcome=Outcome.WAGES_RECOVERED if step == Status.RESOLVED else "",
                wages_recovered_idr=21_000_000 if step == Status.RESOLVED else None,
            )  # fmt: skip
        created += 1
    # Two old open complaints, past their due time, for the "overdue" queue.
    past = timezone.now() - datetime.timedelta(days=40)
    old = list(Complaint.objects.filter(status__in=[Status.RECEIVED, Status.VERIFIED]).order_by("id")[:2])
    Complaint.objects.filter(pk__in=[c.pk for c in old]).update(
        created_at=past, due_at=past + datetime.timedelta(days=2)
    )
    stdout.write(f"demo complaints: {created} created")
