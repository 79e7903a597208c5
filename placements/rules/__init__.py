"""The non-procedural placement rules of domain.md §3, one declaration each (see base.Rule).

The registry: every `Rule` declared at the top level of a family module, in the order declared. Adding a
rule is declaring it in the module of its family (with its example and what it reads) and writing its
tests; everything that lists rules (the engine, the sweeps, the demo data, the scenario, the labels) reads
RULES. Changing what a rule checks: bump its version; the next sweep re-evaluates every placement for it.
"""

from placements.rules import aftercare, destination, identity, licensing, preparation
from placements.rules.base import Rule

FAMILIES = (identity, licensing, destination, preparation, aftercare)

RULES: dict[str, Rule] = {
    rule.code: rule for family in FAMILIES for rule in vars(family).values() if isinstance(rule, Rule)
}

__all__ = ["RULES", "Rule"]
