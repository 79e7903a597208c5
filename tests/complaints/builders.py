"""Small, plain builders for the complaints tests: payloads, complaints filed through the one service,
a walk through the workflow, a supervisor persona, files, and complaints in bulk for query counts."""

import datetime
import re

from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.roles import Role
from accounts.services import office_upsert, user_upsert
from complaints.choices import Outcome, Status
from complaints.models import Complaint, new_ticket
from complaints.services import complaint_file, complaint_transition
from tests.conftest import PASSWORD

LAMPUNG_VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur (province 18)
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (province 35)
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # tickets and codes: no 0/O, no 1/I
TICKET = re.compile(r"^ADU-[A-Z2-9]{5}-[A-Z2-9]{5}$")
DESCRIPTION = "Anak saya di Taiwan belum digaji tiga bulan. Majikan bilang menunggu agensi."

# A minimal, real PDF (header, one empty object, trailer) and the heads of other file kinds.
PDF = (
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


def _real_png() -> bytes:
    """A PNG that decodes: stored attachments are re-encoded, so the bare signature above is refused."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


REAL_PNG = _real_png()
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64
LINUX_ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 64

# The path through the workflow to each status, from RECEIVED.
PATH_TO = {
    Status.RECEIVED: [],
    Status.VERIFIED: [Status.VERIFIED],
    Status.IN_PROGRESS: [Status.VERIFIED, Status.IN_PROGRESS],
    Status.REFERRED: [Status.VERIFIED, Status.IN_PROGRESS, Status.REFERRED],
    Status.RESOLVED: [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED],
    Status.CLOSED: [Status.VERIFIED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED],
    Status.REJECTED: [Status.REJECTED],
}


def form_data(**overrides) -> dict:
    """A valid POST of the public HTML complaint form (/pengaduan/), by a family member in Lampung Timur."""
    data = {
        "category": "UNPAID_WAGES",
        "phase": "MASA",
        "destination_country": "TW",
        "description": DESCRIPTION,
        "reporter_relation": "FAMILY",
        "reporter_name": "Sulastri",
        "reporter_phone": "0813 1111 2222",
        "village-province": "18",
        "village-regency": "18.07",
        "village-district": "18.07.01",
        "village-village": LAMPUNG_VILLAGE,
        "website": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def api_data(**overrides) -> dict:
    """A valid body for `POST /api/v1/complaints/` (architecture.md, API contract)."""
    data = {
        "category": "UNPAID_WAGES",
        "phase": "MASA",
        "description": DESCRIPTION,
        "destination_country": "TW",
        "anonymous": False,
        "reporter_relation": "FAMILY",
        "reporter_name": "Sulastri",
        "reporter_phone": "081311112222",
        "village_code": LAMPUNG_VILLAGE,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def file_complaint(**overrides) -> tuple[Complaint, str]:
    """A complaint received through the one intake service; returns it with its access code."""
    fields = {
        "category": "UNPAID_WAGES",
        "phase": "MASA",
        "description": DESCRIPTION,
        "anonymous": False,
        "reporter_relation": "FAMILY",
        "reporter_name": "Sulastri",
        "reporter_phone": "081311112222",
        "village_code": LAMPUNG_VILLAGE,
        "destination_country": "TW",
    }
    fields.update(overrides)
    return complaint_file(**fields)


def make_complaint(**overrides) -> Complaint:
    return file_complaint(**overrides)[0]


def move(
    complaint: Complaint, *statuses: str, actor, public_note: str = "", internal_note: str = ""
) -> Complaint:
    """Walk a complaint through the given statuses, giving each step what it needs (reason, outcome)."""
    for to in statuses:
        complaint = complaint_transition(
            complaint=complaint,
            to=to,
            actor=actor,
            expected_version=complaint.version,
            public_note=public_note,
            internal_note=internal_note,
            reason="Laporan ganda." if to == Status.REJECTED else "",
            outcome=Outcome.WAGES_RECOVERED if to == Status.RESOLVED else "",
        )
    return complaint


def make_complaint_in(status: str, *, actor, **overrides) -> Complaint:
    return move(make_complaint(**overrides), *PATH_TO[status], actor=actor)


def make_supervisor(office, *, username: str = "supervisor.lampung", email: str = "supervisor@bp3mi.test"):
    return user_upsert(username=username, password=PASSWORD, role=Role.SUPERVISOR, office=office, email=email)


def make_officer(office, *, username: str, email: str = "", region_codes: list[str] | None = None):
    return user_upsert(
        username=username, password=PASSWORD, role=Role.OFFICER, office=office, email=email,
        region_codes=region_codes,
    )  # fmt: skip


def make_office(code: str, region_codes: list[str], name: str | None = None):
    return office_upsert(code=code, name=name or code, region_codes=region_codes)


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_complaints_in_bulk(count: int, *, village_codes: list[str | None], office=None) -> list[Complaint]:
    """Many complaints at once for query-count tests: the columns the service fills, without events."""
    now = timezone.now()
    code_hash = make_password("BULKCODE")
    complaints = [
        Complaint(
            ticket=new_ticket(),
            access_code_hash=code_hash,
            category="UNPAID_WAGES",
            phase="MASA",
            priority="NORMAL",
            description=DESCRIPTION,
            reporter_relation="FAMILY",
            reporter_name=f"Pelapor {i}",
            reporter_phone="081311112222",
            village_id=village_codes[i % len(village_codes)],
            office=office,
            due_at=now + datetime.timedelta(days=30 - i % 60),
        )
        for i in range(count)
    ]
    return Complaint.objects.bulk_create(complaints, batch_size=500)
