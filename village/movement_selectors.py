"""Reads for departures and returns reported by villages: the desk's list and forms, the officers' count."""

from django.contrib.auth.models import User

from placements.models import Placement
from village.models import MovementProposal, ProposalStatus
from workers.choices import Phase

LIST_LIMIT = 50


def movement_pending_count(*, user: User) -> int:
    """Reports waiting for a BP3MI decision among those the user may see (one query)."""
    return MovementProposal.objects.visible_to(user).filter(status=ProposalStatus.PENDING).count()


def movement_proposals_recent(
    *, user: User, village_code: str, limit: int = LIST_LIMIT
) -> list[MovementProposal]:
    """The village's latest reports with their worker and destination (one query)."""
    return list(
        MovementProposal.objects.visible_to(user)
        .filter(placement__worker__domicile_village_id=village_code)
        .select_related("placement__worker", "destination_country")
        .order_by("-reported_at", "-id")[:limit]
    )


def placements_awaiting_news(
    *, user: User, village_code: str, limit: int = LIST_LIMIT
) -> dict[str, list[Placement]]:
    """The village's placements a departure (before departure) or a return (abroad) may be reported for,
    by phase, with their worker and destination (one query per phase)."""
    base = (
        Placement.objects.visible_to(user)
        .filter(worker__domicile_village_id=village_code)
        .select_related("worker", "destination_country")
    )
    return {
        phase: list(base.filter(phase=phase).order_by("worker__full_name", "id")[:limit])
        for phase in (Phase.PRA, Phase.MASA)
    }
