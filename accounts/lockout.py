"""django-axes with two limits: one per username-and-address, a higher one per address.

Axes counts failures for each group of AXES_LOCKOUT_PARAMETERS and compares the largest count with one
limit. A low limit on the address alone would let five typos lock a whole office behind one shared
address; no address limit lets one machine try a password on every username. So each group's count is
put on the scale of AXES_FAILURE_LIMIT before axes compares: the address group reaches that limit exactly
when it reaches AXES_ADDRESS_FAILURE_LIMIT. How the address is found stays axes's configuration.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


def _is_address_only(group) -> bool:
    return group == "ip_address" or list(group) == ["ip_address"]


class AddressAwareLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        limit = settings.AXES_FAILURE_LIMIT
        address_limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        groups = get_lockout_parameters(request, credentials)
        attempts_list = self.get_user_attempts(request, credentials)
        scaled = [0]
        for group, attempts in zip(groups, attempts_list, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            # Floor division: the scaled count reaches `limit` exactly when `count` reaches address_limit.
            scaled.append(count * limit // address_limit if _is_address_only(group) else count)
        return max(scaled)

    def reset_user_attempts(self, request, credentials=None) -> int:
        # A correct password forgives that user's failures, not every other username tried from the
        # same address: one valid account must not wipe the traces of a spray.
        groups = get_lockout_parameters(request, credentials)
        deleted = 0
        for group, attempts in zip(groups, self.filter_user_attempts(request, credentials), strict=True):
            if not _is_address_only(group):
                deleted += attempts.delete()[0]
        return deleted
