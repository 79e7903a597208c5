from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    UNPAID_WAGES = "UNPAID_WAGES", _("Wages not paid")
    ABUSE = "ABUSE", _("Violence or abuse")
    CONTRACT_VIOLATION = "CONTRACT_VIOLATION", _("Contract not respected")
    ILLNESS = "ILLNESS", _("Illness or accident")
    DETENTION = "DETENTION", _("Detained or held")
    TRAFFICKING = "TRAFFICKING", _("Trafficking")
    DEATH = "DEATH", _("Death")
    ILLEGAL_RECRUITMENT = "ILLEGAL_RECRUITMENT", _("Illegal recruiter (calo)")
    FAILED_DEPARTURE = "FAILED_DEPARTURE", _("Departure did not happen")
    WANTS_TO_RETURN = "WANTS_TO_RETURN", _("Wants to come home")
    OTHER = "OTHER", _("Other")


class Status(models.TextChoices):
    RECEIVED = "RECEIVED", _("Received")
    VERIFIED = "VERIFIED", _("Verified")
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    REFERRED = "REFERRED", _("Referred")
    RESOLVED = "RESOLVED", _("Resolved")
    CLOSED = "CLOSED", _("Closed")
    REJECTED = "REJECTED", _("Rejected")


# The workflow: which status may follow which. Reopening a closed or rejected case is a supervisor's act.
TRANSITIONS: dict[str, set[str]] = {
    Status.RECEIVED: {Status.VERIFIED, Status.REJECTED},
    Status.VERIFIED: {Status.IN_PROGRESS, Status.REJECTED},
    Status.IN_PROGRESS: {Status.REFERRED, Status.RESOLVED},
    Status.REFERRED: {Status.IN_PROGRESS, Status.RESOLVED},
    Status.RESOLVED: {Status.CLOSED, Status.IN_PROGRESS},
    Status.CLOSED: set(),
    Status.REJECTED: set(),
}
OPEN_STATUSES = [Status.RECEIVED, Status.VERIFIED, Status.IN_PROGRESS, Status.REFERRED]


class Priority(models.TextChoices):
    URGENT = "URGENT", _("Urgent")
    HIGH = "HIGH", _("High")
    NORMAL = "NORMAL", _("Normal")


URGENT_CATEGORIES = {Category.TRAFFICKING, Category.DEATH, Category.DETENTION}
HIGH_CATEGORIES = {Category.ABUSE, Category.ILLNESS, Category.WANTS_TO_RETURN, Category.ILLEGAL_RECRUITMENT}
# Days allowed to resolve, by priority.
DUE_DAYS = {Priority.URGENT: 2, Priority.HIGH: 7, Priority.NORMAL: 30}


def priority_for(category: str) -> str:
    if category in URGENT_CATEGORIES:
        return Priority.URGENT
    if category in HIGH_CATEGORIES:
        return Priority.HIGH
    return Priority.NORMAL


class ReporterRelation(models.TextChoices):
    SELF = "SELF", _("I am the worker")
    FAMILY = "FAMILY", _("Family of the worker")
    OTHER = "OTHER", _("Someone else")


class Outcome(models.TextChoices):
    WAGES_RECOVERED = "WAGES_RECOVERED", _("Wages recovered")
    REPATRIATED = "REPATRIATED", _("Repatriated")
    REFERRED = "REFERRED", _("Referred to another authority")
    SETTLED = "SETTLED", _("Settled with the employer or agency")
    NOT_SUBSTANTIATED = "NOT_SUBSTANTIATED", _("Not substantiated")
    OTHER = "OTHER", _("Other")


class EventKind(models.TextChoices):
    CREATED = "CREATED", _("Complaint received")
    STATUS = "STATUS", _("Status changed")
    ASSIGNED = "ASSIGNED", _("Assigned")
    NOTE = "NOTE", _("Note")
    REFERRAL = "REFERRAL", _("Referral")
    PRIORITY = "PRIORITY", _("Priority changed")
    ATTACHMENT = "ATTACHMENT", _("Attachment added")
    OVERDUE = "OVERDUE", _("Overdue")


class ReferralTarget(models.TextChoices):
    EMBASSY = "EMBASSY", _("Embassy or consulate")
    POLICE = "POLICE", _("Police")
    AGENCY = "AGENCY", _("The agency (P3MI)")
    DISNAKER = "DISNAKER", _("Manpower office (Disnaker)")
    OTHER = "OTHER", _("Other")


class ReferralStatus(models.TextChoices):
    SENT = "SENT", _("Sent")
    ACKNOWLEDGED = "ACKNOWLEDGED", _("Acknowledged")
    DONE = "DONE", _("Done")
