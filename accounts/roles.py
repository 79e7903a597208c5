"""The six roles (Django groups) and what each may do in the staff admin.

Groups and their permissions are synced after every migrate, so this file is the single place that
says what a role is allowed to touch. Which *rows* a user may see is decided by `accounts.scoping`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Administrator")
    SUPERVISOR = "SUPERVISOR", _("Supervisor")
    OFFICER = "OFFICER", _("Officer")
    DPRD_VIEWER = "DPRD_VIEWER", _("DPRD viewer")
    API_CLIENT = "API_CLIENT", _("API client")
    VILLAGE_OFFICER = "VILLAGE_OFFICER", _("Village officer")


STAFF_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OFFICER})
AGGREGATE_ROLES = frozenset({Role.DPRD_VIEWER, Role.API_CLIENT})
# Roles that reach the portal with an API token. Every other role, present or future, signs in with a
# password, and every password sign-in must pass a second factor (accounts.second_factor).
TOKEN_ONLY_ROLES = frozenset({Role.API_CLIENT})
# Village government officials (domain.md §1): the residents of their own villages, on the village desk
# (`/desa/`) and its API only; never the staff admin, never a staff API.
VILLAGE_ROLES = frozenset({Role.VILLAGE_OFFICER})

# "app_label.codename" per role; "*" means every permission. Later apps add their registers here.
_WORKERS = [
    *[f"workers.{perm}" for perm in ("view_worker", "change_worker", "view_document", "change_document")],
    *[f"workers.{perm}" for perm in ("view_familycontact", "add_familycontact", "change_familycontact")],
    "workers.view_consentevent",
]
_REGISTERS = [
    f"placements.{action}_{model}"
    for model in ("agency", "agencylicence", "joborder", "placement", "feeitem", "returnrecord")
    for action in ("view", "add", "change")
] + [
    "placements.view_country",
    "placements.view_position",
    "placements.view_countrypolicy",
    "placements.view_flag",
    "placements.change_flag",
    "placements.view_flagreview",
    "complaints.view_complaint",
    "complaints.change_complaint",
    "complaints.view_complaintevent",
    "complaints.view_referral",
    "complaints.change_referral",
    "complaints.view_attachment",
    "outreach.view_outreachevent",
    "outreach.add_outreachevent",
    "outreach.change_outreachevent",
    "village.view_earlywarning",
    "village.change_earlywarning",
    "village.view_acknowledgement",
    "datarights.view_datarequest",
    "datarights.change_datarequest",
    "village.view_movementproposal",
    "village.change_movementproposal",
]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.ADMIN: ["*"],
    Role.SUPERVISOR: [
        "regions.view_province",
        "regions.view_regency",
        "regions.view_district",
        "regions.view_village",
        "accounts.view_office",
        "accounts.view_accesslog",
        *_WORKERS,
        *_REGISTERS,
        "placements.add_countrypolicy",
        "placements.change_countrypolicy",
        # Legal holds: supervisors place and lift them; officers see them on their region's records.
        "privacy.view_legalhold",
        "privacy.add_legalhold",
        "privacy.change_legalhold",
        # Village officers for the villages in the supervisor's regions (village.admin checks the villages).
        "village.view_villageofficer",
        "village.add_villageofficer",
        "village.change_villageofficer",
    ],
    Role.OFFICER: [
        "regions.view_province",
        "regions.view_regency",
        "regions.view_district",
        "regions.view_village",
        "accounts.view_office",
        *_WORKERS,
        *_REGISTERS,
        "privacy.view_legalhold",
    ],
    Role.DPRD_VIEWER: [],
    Role.API_CLIENT: [],
    # The desk's pages and API check the role and the villages, not these; they say what the role records.
    Role.VILLAGE_OFFICER: [
        "village.add_earlywarning",
        "village.view_earlywarning",
        "village.add_movementproposal",
        "village.view_movementproposal",
    ],  # fmt: skip
}


def sync_role_groups(**kwargs) -> None:
    """post_migrate: make the groups match ROLE_PERMISSIONS exactly (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    every = Permission.objects.all()
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=role)
        if perms == ["*"]:
            wanted = list(every)
        else:
            pairs = [p.split(".", 1) for p in perms]
            wanted = [
                p
                for p in every.select_related("content_type")
                if [p.content_type.app_label, p.codename] in pairs
            ]
        group.permissions.set(wanted)
