from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from regions.codes import is_valid_code


def validate_region_codes(value) -> None:
    if not isinstance(value, list) or not all(isinstance(c, str) and is_valid_code(c) for c in value):
        raise ValidationError(_('Give a list of Kemendagri region codes, for example ["18"] or ["18.07"].'))


class Office(models.Model):
    """A BP3MI service unit and the regions (provinces or regencies) it covers."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region_codes = models.JSONField(_("regions covered"), default=list, validators=[validate_region_codes])
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    # Demo records (seed_demo) are labelled as such on public pages, so nobody dials an invented number.
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")

    def __str__(self) -> str:
        return self.name


class HelpChannel(models.Model):
    """A national place to get help (domain.md §9), shown on every public page that helps a person act.
    Data an admin keeps, not template text: a row without a source is never shown."""

    label = models.CharField(_("label (Indonesian)"), max_length=150)
    label_en = models.CharField(_("label (English)"), max_length=150, blank=True)
    number = models.CharField(
        _("number or address"), max_length=60, help_text=_("e.g. 0800-1000 or lapor.go.id")
    )
    source = models.CharField(_("source"), max_length=300, help_text=_("Where the number is published."))
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("official help channel")
        verbose_name_plural = _("official help channels")
        constraints = [models.UniqueConstraint(fields=["number"], name="help_channel_number_unique")]

    def __str__(self) -> str:
        return f"{self.label} ({self.number})"

    @property
    def href(self) -> str:
        """A link a phone can follow: tel: for a number, https: for a web address."""
        if any(ch.isalpha() for ch in self.number):
            return self.number if "://" in self.number else f"https://{self.number}"
        return "tel:" + "".join(ch for ch in self.number if ch.isdigit() or ch == "+")


class StaffProfile(models.Model):
    """Where a user's scope comes from: the office's regions, the user's own regions, or all regions."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    office = models.ForeignKey(Office, on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    region_codes = models.JSONField(
        _("own regions"),
        default=list,
        blank=True,
        validators=[validate_region_codes],
        help_text=_("For users outside an office (DPRD, API clients). Ignored when an office is set."),
    )
    all_regions = models.BooleanField(_("all regions"), default=False)

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return f"{self.user} ({self.office or ', '.join(self.region_codes)})"


class ApiToken(models.Model):
    """A bearer token for a regional system; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AccessAction(models.TextChoices):
    VIEW = "VIEW", _("viewed a record")
    REVEAL = "REVEAL", _("revealed an identifier")
    EXPORT = "EXPORT", _("exported data")
    DOWNLOAD = "DOWNLOAD", _("downloaded a file")
    API_READ = "API_READ", _("read through the API")
    STATS_READ = "STATS_READ", _("read aggregates")
    LIST = "LIST", _("listed records")
    MERGE = "MERGE", _("merged duplicate records")
    ANONYMISE = "ANONYMISE", _("anonymised a record")


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("the access log is append-only")

    def delete(self):
        raise PermissionError("the access log is append-only")


class AccessLog(models.Model):
    """Who read which personal data, when, from where and why. Append-only (also enforced in PostgreSQL)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # PROTECT: whoever read personal data stays on record; deactivate such users instead of deleting them.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    username = models.CharField(_("user"), max_length=150)
    action = models.CharField(_("action"), max_length=12, choices=AccessAction.choices)
    subject_type = models.CharField(_("subject type"), max_length=40)
    subject_id = models.CharField(_("subject id"), max_length=64)
    purpose = models.CharField(_("purpose (view)"), max_length=200)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["subject_type", "subject_id", "at"], name="accesslog_subject_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.subject_type}:{self.subject_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("the access log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the access log is append-only")


class WorkerHeartbeat(models.Model):
    """Written by a Celery worker every minute: /healthz shows whether background jobs are alive."""

    hostname = models.CharField(max_length=200)
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return f"{self.hostname} {self.seen_at:%Y-%m-%d %H:%M:%S}"


class SignedInSession(AbstractBaseSession):
    """Django's database session, with the id of the user it is signed in as in a column of its own: the
    session and its user are read by one statement (accounts/sessions.py). The column follows the session's
    data on every save; the data stays the authority on who is signed in. A deleted user's sessions go too."""

    # No constraint in the database: a session saved for a user deleted meanwhile must not fail (Django's
    # store would retry a new key for ever); deleting a user through the ORM still deletes her sessions.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @classmethod
    def get_session_store_class(cls):
        from accounts.sessions import SessionStore

        return SessionStore
