"""Demo complaints: every category, and every state of the workflow."""

import datetime
import random

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
from workers.models import Worker

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


def _walk(complaint: Complaint, officer, path: list) -> Complaint:
    for step in path:
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
    return complaint


# Complaints over the last two years from the villages demo workers come from: old ones are settled (mostly
# closed), recent ones anywhere in the workflow. Categories roughly as BP3MI receives them.
VOLUME = 60  # each filing hashes an access code (PBKDF2): the volume is what `make run` can afford
VOLUME_CATEGORIES = {
    Category.UNPAID_WAGES: 8, Category.CONTRACT_VIOLATION: 5, Category.WANTS_TO_RETURN: 4,
    Category.FAILED_DEPARTURE: 4, Category.ILLNESS: 3, Category.ABUSE: 3, Category.ILLEGAL_RECRUITMENT: 3,
    Category.DETENTION: 1, Category.TRAFFICKING: 1, Category.DEATH: 1, Category.OTHER: 2,
}  # fmt: skip
SETTLED_PATHS = [PATHS[5], PATHS[5], PATHS[5], PATHS[4], PATHS[6], PATHS[3]]


def _seed_volume(officer) -> int:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    villages = sorted(
        set(
            Worker.objects.filter(domicile_village__code__startswith="18.07.").values_list(
                "domicile_village_id", flat=True
            )
        )
    )
    if not villages:
        return 0
    now = timezone.now()
    backdated = []
    for _n in range(VOLUME):
        category = rng.choices(list(VOLUME_CATEGORIES), weights=list(VOLUME_CATEGORIES.values()))[0]
        anonymous = rng.random() < 0.3
        complaint, _code = complaint_file(
            category=category, phase=rng.choice(["PRA", "MASA", "MASA", "PURNA"]), description=STORIES[category],
            anonymous=anonymous, reporter_relation="" if anonymous else "FAMILY",
            reporter_name="" if anonymous else "Keluarga Demo", reporter_phone="" if anonymous else "081234500000",
            village_code=rng.choice(villages), destination_country=rng.choice(["MY", "TW", "HK", "SA"]),
        )  # fmt: skip
        age = datetime.timedelta(days=rng.randint(1, 730), hours=rng.randint(0, 8))
        settled = age > datetime.timedelta(days=90)
        complaint = complaint_assign(complaint=complaint, assignee=officer, actor=officer, expected_version=1)
        complaint = _walk(complaint, officer, rng.choice(SETTLED_PATHS if settled else PATHS))
        complaint.refresh_from_db()
        shift = age
        complaint.created_at -= shift
        complaint.due_at -= shift
        if complaint.closed_at is not None:
            complaint.closed_at = min(complaint.created_at + datetime.timedelta(days=rng.randint(2, 75)), now)
        backdated.append(complaint)
    Complaint.objects.bulk_update(backdated, ["created_at", "due_at", "closed_at"], batch_size=200)
    return len(backdated)


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
        complaint = _walk(complaint, officer, PATHS[n % len(PATHS)])
        created += 1
    # Two old open complaints, past their due time, for the "overdue" queue.
    past = timezone.now() - datetime.timedelta(days=40)
    old = list(Complaint.objects.filter(status__in=[Status.RECEIVED, Status.VERIFIED]).order_by("id")[:2])
    Complaint.objects.filter(pk__in=[c.pk for c in old]).update(
        created_at=past, due_at=past + datetime.timedelta(days=2)
    )
    created += _seed_volume(officer)
    stdout.write(f"demo complaints: {created} created")
