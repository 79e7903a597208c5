from placements.models.flags import (
    Flag,
    FlagDecision,
    FlagReview,
    FlagStatus,
    ReferralTarget,
    RuleRun,
    Severity,
)
from placements.models.placement import FeeItem, Placement, PlacementQuerySet, ReturnRecord
from placements.models.registers import Agency, AgencyLicence, Country, CountryPolicy, JobOrder, Position

__all__ = [
    "Agency",
    "AgencyLicence",
    "Country",
    "CountryPolicy",
    "FeeItem",
    "Flag",
    "FlagDecision",
    "FlagReview",
    "FlagStatus",
    "JobOrder",
    "Placement",
    "PlacementQuerySet",
    "Position",
    "ReferralTarget",
    "ReturnRecord",
    "RuleRun",
    "Severity",
]
