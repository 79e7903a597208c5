"""The non-procedural placement rules of domain.md §3, one declaration each (see base.Rule).

Adding a rule: declare it in the module of its family, add it to that module's RULES, write its tests.
Changing what a rule checks: bump its version; the next sweep re-evaluates every placement for it.
"""

from placements.rules import aftercare, destination, identity, licensing, preparation
from placements.rules.base import Rule

RULES: dict[str, Rule] = {
    rule.code: rule
    for family in (identity, licensing, destination, preparation, aftercare)
    for rule in family.RULES
}

__all__ = ["RULES", "Rule"]
