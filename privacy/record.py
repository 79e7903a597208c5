"""The record of processing activities, rendered from privacy/processing.py and privacy/retention.py:
the admin page and the Markdown export both call `processing_record()`, so neither can drift."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacy.processing import PROCESSING, Processing
from privacy.retention import Action, RetentionRule, rule


@dataclass(frozen=True)
class RecordRow:
    code: str
    purpose: str
    basis: str
    consent_purpose: str
    categories: tuple[str, ...]
    specific: str
    recipients: tuple[str, ...]
    retention: str


def retention_text(retention: RetentionRule) -> str:
    days = retention.effective_days
    if days is None:
        return f"{retention.action.label}. {retention.basis}"
    if days % 365 == 0:
        years = days // 365
        period = ngettext("%(n)d year", "%(n)d years", years) % {"n": years}
    else:
        period = ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    what = _("anonymised") if retention.action == Action.ANONYMISE else _("deleted")
    return _("%(period)s after %(event)s, then %(what)s. %(basis)s") % {
        "period": period,
        "event": retention.after,
        "what": what,
        "basis": retention.basis,
    }


def _row(entry: Processing) -> RecordRow:
    return RecordRow(
        code=entry.code,
        purpose=str(entry.purpose),
        basis=str(entry.basis.label),
        consent_purpose=entry.consent_purpose or "",
        categories=tuple(str(c) for c in entry.categories),
        specific=_("yes") if entry.specific else _("no"),
        recipients=tuple(str(r) for r in entry.recipients),
        retention=retention_text(rule(entry.retention)),
    )


def processing_record() -> list[RecordRow]:
    """Every declared processing, in the current language."""
    return [_row(entry) for entry in PROCESSING]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def processing_record_markdown() -> str:
    """The record as a Markdown document (one table, one section per processing), current language."""
    rows = processing_record()
    lines = [
        "# " + _("Record of processing activities (UU 27/2022 art. 31)"),
        "",
        _("Generated from the portal's code (privacy/processing.py, privacy/retention.py)."),
        "",
        "| " + " | ".join([_("Code"), _("Purpose"), _("Lawful basis"), _("Specific data")]) + " |",
        "|---|---|---|---|",
    ]
    lines += [f"| {r.code} | {_cell(r.purpose)} | {_cell(r.basis)} | {r.specific} |" for r in rows]
    for r in rows:
        lines += ["", f"## {r.code}: {r.purpose}", "", f"- **{_('Lawful basis')}**: {r.basis}"]
        if r.consent_purpose:
            lines.append(f"- **{_('Consent purpose')}**: {r.consent_purpose}")
        lines.append(f"- **{_('Categories of data')}**:")
        lines += [f"  - {c}" for c in r.categories]
        lines.append(f"- **{_('Specific personal data')}**: {r.specific}")
        lines.append(f"- **{_('Recipients')}**:")
        lines += [f"  - {c}" for c in r.recipients]
        lines.append(f"- **{_('Retention')}**: {r.retention}")
    return "\n".join(lines) + "\n"
