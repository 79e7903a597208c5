"""Small, plain builders for the outreach tests: events written through the one service, or in bulk."""

import datetime

from django.utils import timezone

from outreach.models import OutreachEvent
from outreach.services import outreach_event_save

LAMPUNG_TIMUR_VILLAGE = "18.07.01.2001"  # Sukadana, Kabupaten Lampung Timur (province 18)
LAMPUNG_SELATAN_VILLAGE = "18.01.04.2001"  # Kabupaten Lampung Selatan (province 18)
SURABAYA_VILLAGE = "35.78.01.1001"  # Karang Pilang, Kota Surabaya (province 35)


def outreach_event(**overrides) -> OutreachEvent:
    """An unsaved, valid event in Sukadana, Lampung Timur, a week ago."""
    fields = {
        "village_id": LAMPUNG_TIMUR_VILLAGE,
        "event_date": timezone.localdate() - datetime.timedelta(days=7),
        "topic": "SAFE_MIGRATION",
        "title": "Sosialisasi migrasi aman",
        "organiser": "BP3MI Lampung",
        "partners": "Disnaker Lampung Timur",
        "participants_male": 20,
        "participants_female": 25,
        "prospective_workers": 9,
    }
    fields.update(overrides)
    return OutreachEvent(**fields)


def make_outreach_event(*, user, **overrides) -> OutreachEvent:
    """An event recorded by `user` through `outreach_event_save`."""
    return outreach_event_save(event=outreach_event(**overrides), user=user)


def make_outreach_events_in_bulk(count: int, *, village_codes: list[str]) -> list[OutreachEvent]:
    """Many events at once for query-count tests, without the service's per-row checks."""
    today = timezone.localdate()
    events = [
        outreach_event(
            village_id=village_codes[i % len(village_codes)],
            event_date=today - datetime.timedelta(days=i % 500),
            title=f"Sosialisasi massal {i}",
        )
        for i in range(count)
    ]
    return OutreachEvent.objects.bulk_create(events, batch_size=500)
