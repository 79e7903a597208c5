"""Identifiers people type in many spellings, normalised in one place: phone numbers, agency licence
numbers, job-order numbers; and the random public codes (registration numbers, tickets, access codes).

Stored phone form: an Indonesian number as its national digits with the leading 0 and no separators
(`081234567890`, `0721555000`), because that is what an officer dials and what the records already
held; a foreign number as `+` and its digits (`+60123456789`). Both forms are unambiguous, so two
spellings of one number always store the same string and rules can compare stored values (NP-CLUSTER).
"""

import functools
import re
import secrets
import unicodedata
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _
from lokal.phone import parse_phone
from rest_framework import serializers

from portal.errors import ApplicationError

# Phones


class PhoneInvalid(ValueError):
    """The message is user-facing (lazy gettext)."""

    def __init__(self, message: Any):
        super().__init__(str(message))
        self.message = message


_SEPARATORS = re.compile(r"[\s().\-/]")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９＋", "0123456789+")
PHONE_FORMAT_MESSAGE = _(
    "Write the phone number with digits only, starting with 0, 62 or +62 (e.g. 0812 3456 7890); "
    "a foreign number starts with + and its country code."
)
PHONE_LENGTH_MESSAGE = _("This phone number has too few or too many digits: check it again.")


def phone_normalise(value: str) -> str:
    """The stored form of a phone number (see the module docstring); "" stays "".

    Raises PhoneInvalid with a message for the person who typed it.
    """
    # Full-width digits (some phone keyboards) are digits; anything else not ASCII, such as a superscript
    # two, is not a digit to dial and is refused.
    compact = _SEPARATORS.sub("", (value or "").translate(_FULL_WIDTH))
    if not compact:
        return ""
    if not re.fullmatch(r"\+?[0-9]+", compact):
        raise PhoneInvalid(PHONE_FORMAT_MESSAGE)
    if compact.startswith("+") and not compact.startswith("+62"):
        # E.164: a country code and at most 15 digits in all.
        if not 8 <= len(compact) - 1 <= 15 or compact[1] == "0":
            raise PhoneInvalid(PHONE_LENGTH_MESSAGE)
        return compact
    if compact.startswith("00"):
        raise PhoneInvalid(PHONE_FORMAT_MESSAGE)  # an international prefix: ask for + instead
    info = parse_phone(compact)
    if not info.valid or not info.e164:
        codes = {issue.code for issue in info.errors}
        raise PhoneInvalid(PHONE_LENGTH_MESSAGE if "length" in codes else PHONE_FORMAT_MESSAGE)
    return "0" + info.e164[3:]


def phone_require(value: str, *, field: str) -> str:
    """For services: the stored form, or an ApplicationError naming `field`."""
    try:
        return phone_normalise(value)
    except PhoneInvalid as error:
        raise ApplicationError(error.message, code="invalid", fields={field: [error.message]}) from None


def phone_normalise_or_keep(value: str) -> str:
    """For storage of values no one can be asked to correct (old rows): normalised when valid."""
    try:
        return phone_normalise(value)
    except PhoneInvalid:
        return (value or "").strip()


def phone_display(value: str) -> str:
    """0812-3456-7890 for an Indonesian mobile; other numbers as stored."""
    info = parse_phone(value) if value and not value.startswith("+") else None
    return info.national if info and info.valid and info.national else value


class PhoneFormField(forms.CharField):
    """A form field whose cleaned value is the stored form; an invalid number is a clear error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 30)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        try:
            return phone_normalise(value)
        except PhoneInvalid as error:
            raise ValidationError(error.message, code="phone") from None


class PhoneSerializerField(serializers.CharField):
    """The API twin of PhoneFormField."""

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        try:
            return phone_normalise(value)
        except PhoneInvalid as error:
            raise serializers.ValidationError(error.message, code="phone") from None


class PhoneField(models.CharField):
    """A phone column: every save (admin, services, imports, bulk_create) stores the normalised form, and
    model forms (the admin) validate it with PhoneFormField. Lookups stay exact: callers normalise
    what they search for, and old rows are rewritten by the phones_normalised data migrations."""

    def to_python(self, value):
        value = super().to_python(value)
        return phone_normalise_or_keep(value) if isinstance(value, str) else value

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        try:
            phone_normalise(value)
        except PhoneInvalid as error:
            raise ValidationError(error.message, code="phone") from None

    def pre_save(self, model_instance, add):
        value = phone_normalise_or_keep(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PhoneFormField, **kwargs})


def phone_column_normalise(model, field: str, *, chunk: int = 500) -> None:
    """Rewrite one stored phone column into the normalised form, one UPDATE per chunk of distinct
    values (for data migrations; invalid old values are kept)."""
    values = list(model.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct())
    changes = {old: new for old in values if (new := phone_normalise_or_keep(old)) != old}
    olds = list(changes)
    for start in range(0, len(olds), chunk):
        part = olds[start : start + chunk]
        whens = [When(**{field: old}, then=Value(changes[old])) for old in part]
        model.objects.filter(**{f"{field}__in": part}).update(**{field: Case(*whens, default=field)})


# Agency licence and job-order numbers


_SPACE_BY_SEPARATOR = re.compile(r"\s+(?=[./\-])|(?<=[./\-])\s+")
_SPACES = re.compile(r"\s+")


def register_number_normalise(value: str) -> str:
    """`kep. 101 / pptkis / 2023` and `KEP.101/PPTKIS/2023` are one licence (or job-order) number:
    upper case, no spaces around the separators, inner runs of spaces as one."""
    value = unicodedata.normalize("NFKC", value or "").strip().upper()
    if not _SPACES.search(value):  # the common case, called per row of an import: nothing to tidy
        return value
    return _SPACES.sub(" ", _SPACE_BY_SEPARATOR.sub("", value))


licence_number_normalise = register_number_normalise
job_order_number_normalise = register_number_normalise


class RegisterNumberField(models.CharField):
    """An agency licence or job-order number column: stored in its one form on every save and clean."""

    def to_python(self, value):
        value = super().to_python(value)
        return register_number_normalise(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = register_number_normalise(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value


def register_number_column_normalise(model, field: str) -> None:
    """Rewrite one stored licence/job-order number column into its one form (for data migrations)."""
    values = model.objects.exclude(**{field: ""}).values_list(field, flat=True).distinct()
    changes = {old: new for old in values if (new := register_number_normalise(old)) != old}
    if changes:
        whens = [When(**{field: old}, then=Value(new)) for old, new in changes.items()]
        model.objects.filter(**{f"{field}__in": list(changes)}).update(**{field: Case(*whens, default=field)})


# Public codes

# No 0/O or 1/I: codes are read aloud over the phone and copied by hand.
PUBLIC_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def public_code(length: int, *, prefix: str = "", group: int = 0) -> str:
    """`length` random characters (5 bits each), split into groups of `group` after `prefix`."""
    # 32 letters: a random byte modulo 32 picks each one uniformly, and one call draws them all.
    body = "".join(PUBLIC_CODE_ALPHABET[byte % 32] for byte in secrets.token_bytes(length))
    if group:
        body = "-".join(body[i : i + group] for i in range(0, length, group))
    return f"{prefix}{body}"


T = TypeVar("T")
P = ParamSpec("P")


def create_with_public_code(
    create: Callable[[str], T],
    new_code: Callable[[], str],
    *,
    model: type[models.Model],
    field: str,
    message: Any = None,
    attempts: int = 5,
) -> T:
    """`create(code)` with fresh codes until one is not taken (the unique constraint of `model.field` says
    so), in a transaction (a savepoint inside another); after `attempts` collisions, an ApplicationError
    (503) with `message`. Any other integrity error is raised as it is: another code would not mend it."""

    @atomic_with_fresh_code(model=model, field=field, attempts=attempts, message=message)
    def created() -> T:
        return create(new_code())

    return created()


def atomic_with_fresh_code(
    *, model: type[models.Model], field: str, attempts: int = 5, message: Any = None
) -> Callable[[Callable[P, T]], Callable[P, T]]:
    """Like `transaction.atomic` for a function that draws a fresh public code for `model.field`: while the
    code drawn is taken (its unique constraint says so), the whole function runs again in a new transaction;
    after `attempts` collisions, a 503 with `message`.

    A collision of 50 random bits is a one-in-a-billion event: retrying the whole write spares a registration
    a savepoint around its insert, two of its few statements (P8 in benchmarks/README.md)."""

    def decorator(write: Callable[P, T]) -> Callable[P, T]:
        @functools.wraps(write)
        def retried(*args: P.args, **kwargs: P.kwargs) -> T:
            for _attempt in range(attempts):
                try:
                    with transaction.atomic():
                        return write(*args, **kwargs)
                except IntegrityError as error:
                    if not _violates_unique(error, model, field):
                        raise
            raise _collisions(message)

        return retried

    return decorator


def _violates_unique(error: IntegrityError, model: type[models.Model], field: str) -> bool:
    """Whether `error` is the unique constraint on `model.field` alone (a taken code), not another one."""
    column = model._meta.get_field(field).column  # type: ignore[union-attr]
    diag = getattr(error.__cause__, "diag", None)
    if diag is None:  # SQLite: "UNIQUE constraint failed: table.column"
        return str(error) == f"UNIQUE constraint failed: {model._meta.db_table}.{column}"
    # PostgreSQL names the constraint: one of the model's own, or the one it made for `unique=True`, whose
    # name only the catalogue knows (asked only here, after a collision).
    if diag.constraint_name in {
        c.name for c in model._meta.constraints if getattr(c, "fields", None) == (field,)
    }:
        return True
    if diag.table_name != model._meta.db_table:
        return False
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table).get(
            diag.constraint_name
        )
    return bool(found and found["unique"] and found["columns"] == [column])


def _collisions(message: Any) -> ApplicationError:
    message = message or _("Could not save this now. Please try again.")
    return ApplicationError(message, code="unavailable", status=503)
