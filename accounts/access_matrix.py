"""The access matrix: for every URL pattern of the portal, who may reach it and with which scope.

`tests/accounts/test_access_matrix.py` walks every pattern of the resolver (admin model URLs and API routes
included) as each persona, with records of two provinces, and fails on an answer that differs from this
table or on a pattern the table does not declare. So a new page is one line here, and a new role is one
field of `Access` (deny by default) plus its persona in the test.

Scopes: `public` (anyone, nothing personal on it), `own` (only rows or regions inside the user's scope;
others are refused or absent), `all` (every region), `none` (refused).
"""

from dataclasses import dataclass
from fnmatch import fnmatchcase

PUBLIC, OWN, ALL, NONE = "public", "own", "all", "none"


@dataclass(frozen=True)
class Access:
    """One row of the matrix: the scope each role gets. A role not named is refused."""

    anonymous: str = NONE
    officer: str = NONE
    supervisor: str = NONE
    admin: str = NONE
    dprd_viewer: str = NONE
    api_client: str = NONE
    village_officer: str = NONE


EVERYONE = Access(PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC, PUBLIC)
NOBODY = Access()
STAFF = Access(officer=ALL, supervisor=ALL, admin=ALL)  # staff pages naming nobody (reference registers)
PEOPLE = Access(officer=OWN, supervisor=OWN, admin=ALL)  # persons' records, by region
AGGREGATES = Access(officer=OWN, supervisor=OWN, admin=ALL, dprd_viewer=OWN, api_client=OWN)
SUPERVISION = Access(supervisor=ALL, admin=ALL)
ADMIN_ONLY = Access(admin=ALL)
VILLAGE_DESK = Access(village_officer=OWN)  # the village desk: residents of the officer's own villages

# Keys are URL names ("namespace:name"), or "route:<route>" for the few unnamed patterns; a key may be a
# glob. The most specific key wins: an exact key, else the longest matching glob.
MATRIX: dict[str, Access] = {
    # public pages (architecture.md, contracts)
    "home": EVERYONE,
    "healthz": EVERYONE,
    "set_language": EVERYONE,
    "regions:cascade": EVERYONE,
    "accounts:office_finder": EVERYONE,
    "workers:*": EVERYONE,
    "placements:*": EVERYONE,
    "complaints:*": EVERYONE,
    "datarights:*": EVERYONE,
    # DPRD pages: aggregates of the user's own regions
    "dashboards:login": EVERYONE,
    "dashboards:logout": EVERYONE,
    "dashboards:*": AGGREGATES,
    # the village desk (a signed-in user of another role is refused; the sign-in page is public)
    "village:login": EVERYONE,
    "village:*": VILLAGE_DESK,
    # API: public checks and intake; staff registers; aggregates
    "api-regions": EVERYONE,
    "api-registrations": EVERYONE,
    "api-registration-status": EVERYONE,
    "api-agencies": EVERYONE,
    "api-agency": EVERYONE,
    "api-job-order": EVERYONE,
    "api-job-orders": EVERYONE,
    # Second factor: the code and enrolment steps answer a signed-in user (a verified one is sent on);
    # an anonymous visitor is sent to sign in. Recovery codes and sign-out refuse nobody outright.
    "accounts:second_factor_verify": Access(NONE, ALL, ALL, ALL, ALL, ALL, ALL),
    "accounts:second_factor_enrol": Access(NONE, ALL, ALL, ALL, ALL, ALL, ALL),
    "accounts:recovery_codes": EVERYONE,
    "accounts:sign_out": EVERYONE,  # POST only: a GET answers 405
    # Authenticators and help channels: administrators only; a device's key and QR are never shown.
    "admin:otp_totp_*": ADMIN_ONLY,
    "admin:otp_static_*": ADMIN_ONLY,
    "admin:otp_totp_totpdevice_config": NOBODY,
    "admin:otp_totp_totpdevice_qrcode": NOBODY,
    "admin:accounts_helpchannel_*": ADMIN_ONLY,
    "admin:accounts_helpchannel_delete": NOBODY,  # hidden, never deleted: the source stays on record
    "admin:regions_historicdistrict_*": ADMIN_ONLY,
    "admin:regions_historicdistrict_add": NOBODY,
    "admin:regions_historicdistrict_delete": NOBODY,
    "api-complaint-track": EVERYONE,
    "api-complaints": PEOPLE,  # GET lists complaints; POST (public intake) is not a read
    "api-workers": PEOPLE,
    "api-data-requests": EVERYONE,  # POST only (a person's request); a GET answers 405
    "api-data-request-track": EVERYONE,
    "api-worker": PEOPLE,
    "api-worker-export": PEOPLE,
    "api-placements": PEOPLE,
    "api-placement": PEOPLE,
    "api-flags": PEOPLE,
    "api-stats*": AGGREGATES,
    # The list of regions whose aggregates the caller reads: a village officer's is empty (no region).
    "api-stats": Access(
        officer=OWN, supervisor=OWN, admin=ALL, dprd_viewer=OWN, api_client=OWN, village_officer=OWN
    ),
    "api-village-residents": VILLAGE_DESK,  # the village officer's residents, with a token
    "api-village-early-warnings": VILLAGE_DESK,  # POST only: a GET answers 405
    "schema": EVERYONE,
    "api-docs": EVERYONE,
    # the staff admin: its own pages
    "admin:index": STAFF,
    "admin:app_list": STAFF,
    "admin:login": EVERYONE,
    "admin:logout": EVERYONE,
    "admin:password_change": STAFF,
    "admin:password_change_done": STAFF,
    "admin:jsi18n": STAFF,
    "admin:autocomplete": STAFF,  # choices come from the target's admin: scoped (test_admin_field_scope)
    "admin:view_on_site": NOBODY,  # no model has a public page
    "route:admin/(?P<url>.*)$": NOBODY,  # the admin's catch-all: not found
    "route:admin/*/<path:object_id>/": STAFF,  # a redirect to the change page, which checks the scope
    # persons' records
    "admin:workers_worker_*": PEOPLE,
    "admin:workers_worker_add": NOBODY,  # people register themselves or arrive by import
    "admin:workers_worker_delete": NOBODY,
    "admin:workers_worker_nik_search": STAFF,  # POST only; the result is the scoped list
    "admin:workers_document_*": PEOPLE,
    "admin:workers_document_add": NOBODY,
    "admin:workers_document_delete": NOBODY,
    "admin:placements_placement_*": PEOPLE,
    "admin:placements_placement_add": STAFF,  # an empty form; its worker field is scoped
    "admin:placements_placement_import": STAFF,  # an upload form; rows out of scope are refused
    "admin:placements_placement_delete": NOBODY,
    "admin:placements_flag_*": PEOPLE,
    "admin:placements_flag_add": NOBODY,
    "admin:placements_flag_delete": NOBODY,
    "admin:complaints_complaint_*": PEOPLE,
    "admin:complaints_complaint_add": NOBODY,
    "admin:complaints_complaint_delete": NOBODY,
    "admin:datarights_datarequest_*": PEOPLE,
    "admin:datarights_datarequest_add": NOBODY,  # requests come from the person (page or API)
    "admin:datarights_datarequest_delete": NOBODY,
    # legal holds: seen by region; placed (an empty form, scoped fields) by supervisors; never deleted
    "admin:privacy_legalhold_*": PEOPLE,
    "admin:privacy_legalhold_add": SUPERVISION,
    "admin:privacy_legalhold_delete": NOBODY,
    "admin:privacy_processing_record": SUPERVISION,  # UU 27/2022 art. 31: the record, from the code
    "admin:outreach_outreachevent_*": PEOPLE,
    "admin:outreach_outreachevent_add": STAFF,
    "admin:outreach_outreachevent_delete": ADMIN_ONLY,
    "admin:village_earlywarning_*": PEOPLE,  # the officers' queue of the villages' early warnings
    "admin:village_earlywarning_add": NOBODY,  # filed on the village desk or its API
    "admin:village_earlywarning_delete": NOBODY,
    "admin:village_acknowledgement_*": PEOPLE,
    "admin:village_acknowledgement_add": NOBODY,  # recorded on the village desk
    "admin:village_acknowledgement_delete": NOBODY,
    "admin:village_acknowledgement_scan": PEOPLE,  # the letter's scan, logged as a download
    "admin:village_villageofficer_*": SUPERVISION,  # only officers of villages in the creator's regions
    "admin:village_villageofficer_delete": NOBODY,  # deactivated, never deleted: the access log keeps them
    "admin:village_movementproposal_*": PEOPLE,  # departures and returns villages report; decide page too
    "admin:village_movementproposal_add": NOBODY,  # only a village files them, on its desk
    "admin:village_movementproposal_delete": NOBODY,
    # reference registers: every region's, for staff
    "admin:regions_*": STAFF,
    "admin:regions_*_add": NOBODY,
    "admin:regions_*_delete": NOBODY,
    "admin:accounts_office_*": STAFF,
    "admin:accounts_office_add": ADMIN_ONLY,
    "admin:accounts_office_delete": ADMIN_ONLY,
    "admin:placements_agency_*": STAFF,
    "admin:placements_agency_delete": NOBODY,
    "admin:placements_joborder_*": STAFF,
    "admin:placements_joborder_delete": ADMIN_ONLY,
    "admin:placements_countrypolicy_*": STAFF,
    "admin:placements_countrypolicy_add": SUPERVISION,
    "admin:placements_countrypolicy_delete": NOBODY,
    "admin:placements_country_*": STAFF,
    "admin:placements_country_add": ADMIN_ONLY,
    "admin:placements_country_delete": ADMIN_ONLY,
    "admin:placements_position_*": STAFF,
    "admin:placements_position_add": NOBODY,
    "admin:placements_position_delete": NOBODY,
    # accounts and the machinery: administrators (the access log: supervisors too, read only)
    "admin:accounts_accesslog_*": SUPERVISION,
    "admin:accounts_accesslog_add": NOBODY,
    "admin:accounts_accesslog_delete": NOBODY,
    "admin:accounts_accesslog_access_report": ADMIN_ONLY,  # breach scoping: names every person touched
    "admin:accounts_staffprofile_*": ADMIN_ONLY,
    "admin:accounts_apitoken_*": ADMIN_ONLY,
    "admin:accounts_apitoken_add": NOBODY,  # tokens are issued by a command that shows the key once
    "admin:accounts_workerheartbeat_*": ADMIN_ONLY,
    "admin:accounts_workerheartbeat_add": NOBODY,
    "admin:auth_*": ADMIN_ONLY,
    "admin:django_celery_beat_*": ADMIN_ONLY,
    "admin:axes_*": ADMIN_ONLY,
    "admin:axes_*_add": NOBODY,  # sign-in attempts are recorded, never entered
}


def access_for(key: str) -> Access | None:
    """The declared access of one URL pattern (by its key), or None when the table does not say."""
    if key in MATRIX:
        return MATRIX[key]
    globs = [pattern for pattern in MATRIX if fnmatchcase(key, pattern)]
    return MATRIX[max(globs, key=len)] if globs else None
