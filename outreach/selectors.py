from django.contrib.auth.models import User

from outreach.models import OutreachEvent

HISTORY_LIMIT = 50


def outreach_history(*, user: User, village_code: str, limit: int = HISTORY_LIMIT) -> list[OutreachEvent]:
    """A village's outreach events, requested ones included, latest first (one query). Events hold
    counts only, never a participant: the village sees its own register."""
    return list(
        OutreachEvent.objects.visible_to(user)
        .filter(village_id=village_code)
        .order_by("-event_date", "-id")[:limit]
    )
