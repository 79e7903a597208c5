"""Which actions a user may take on a complaint: the admin shows these buttons and the services refuse
anything else, so a button and the rule behind it cannot disagree."""

from accounts.roles import Role
from accounts.scoping import user_roles
from complaints.choices import TRANSITIONS, Status
from complaints.models import Complaint

FINISHED = (Status.CLOSED, Status.REJECTED)


def is_supervisor(user) -> bool:
    return bool(user_roles(user) & {Role.SUPERVISOR, Role.ADMIN})


def is_reopening(current: str, to: str) -> bool:
    return current in FINISHED and to == Status.IN_PROGRESS


def may_reopen(user) -> bool:
    return is_supervisor(user)


def may_set_priority(user) -> bool:
    return is_supervisor(user)


def transition_targets(user, current: str) -> list[str]:
    """The statuses `user` may move a complaint in status `current` to, sorted."""
    if current in FINISHED:
        return [Status.IN_PROGRESS] if may_reopen(user) else []
    return sorted(TRANSITIONS[current])


def complaint_actions(*, user, complaint: Complaint) -> list[str]:
    """The admin's action keys for this user and complaint, in the order the buttons appear. A
    referral is its own action (it records where the case went), not a bare status change."""
    targets = transition_targets(user, complaint.status)
    actions = ["assign", "note"]
    if Status.REFERRED in targets:
        actions.append("refer")
    actions += [target.lower() for target in targets if target != Status.REFERRED]
    if may_set_priority(user):
        actions.append("priority")
    return actions
