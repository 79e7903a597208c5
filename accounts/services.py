import secrets
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser, Group, User
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.request import Request

from accounts.channels import CACHE_KEY
from accounts.models import (
    AccessAction,
    AccessLog,
    ApiToken,
    HelpChannel,
    Office,
    StaffProfile,
    WorkerHeartbeat,
)
from accounts.selectors import hash_token
from portal.bulk import insert_one
from portal.client import client_address


def access_log_record(**fields: Any) -> AccessLog:
    """Write one access-log entry (the arguments are `access_log_entry`'s). Callers pass ids only: never a NIK, a
    name or a phone number."""
    return access_log_write(access_log_entry(**fields))


def access_log_write(entry: AccessLog) -> AccessLog:
    """Write an entry built by `access_log_entry`. The one other writer of the log is the page statement of a
    staff API list, which writes its `LIST` entry with the page (`portal.alongside`)."""
    return insert_one(entry)  # on every read of a person's record: one statement, no save() machinery


def access_log_entry(
    *,
    request: HttpRequest | Request | None = None,
    user: User | AnonymousUser | None = None,
    action: AccessAction,
    subject_type: str,
    subject_id: str | int,
    purpose: str = "",
    detail: dict[str, Any] | None = None,
) -> AccessLog:
    """The access-log entry `access_log_record` writes, not yet written."""
    user = user if user is not None else getattr(request, "user", None)
    account = user if isinstance(user, User) and user.is_authenticated else None
    if not purpose and request is not None and request.resolver_match:
        purpose = request.resolver_match.view_name
    return AccessLog(
        user=account,
        username=account.get_username() if account else "",
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        purpose=purpose[:200],
        ip_address=client_address(request) if request is not None else None,
        detail=detail or {},
    )


def api_token_issue(*, user: User, name: str, key: str | None = None) -> tuple[ApiToken, str]:
    """Create a token and return it with its key; the key is shown once and never stored."""
    key = key or secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:8], key_hash=hash_token(key))
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def api_token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute per token so busy clients do not write on every call."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


@transaction.atomic
def user_upsert(
    *,
    username: str,
    password: str,
    role: str,
    office: Office | None = None,
    region_codes: list[str] | None = None,
    all_regions: bool = False,
    email: str = "",
    full_name: str = "",
) -> User:
    """Create or update a portal user with exactly one role and its scope (idempotent)."""
    user, _created = User.objects.get_or_create(username=username)
    user.email = email
    user.first_name = full_name
    user.is_staff = role in {"ADMIN", "SUPERVISOR", "OFFICER"}
    user.is_superuser = role == "ADMIN"
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name=role)])
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={"office": office, "region_codes": region_codes or [], "all_regions": all_regions},
    )
    return user


def office_upsert(
    *,
    code: str,
    name: str,
    region_codes: list[str],
    address: str = "",
    phone: str = "",
    is_demo: bool = False,
) -> Office:
    office, _created = Office.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "region_codes": region_codes,
            "address": address,
            "phone": phone,
            "is_demo": is_demo,
        },
    )
    return office


@transaction.atomic
def help_channel_save(*, channel: HelpChannel) -> HelpChannel:
    """Validate and save an official help channel; public pages show the change at once."""
    channel.full_clean()
    channel.save()
    cache.delete(CACHE_KEY)
    return channel


def heartbeat_record(*, hostname: str) -> WorkerHeartbeat:
    return WorkerHeartbeat.objects.create(hostname=hostname, seen_at=timezone.now())


def heartbeat_prune(*, older_than: timedelta = timedelta(days=7)) -> int:
    deleted, _ = WorkerHeartbeat.objects.filter(seen_at__lt=timezone.now() - older_than).delete()
    return deleted


@transaction.atomic
def api_token_rotate(*, user: User, name: str) -> tuple[ApiToken, str, int]:
    """Revoke the user's active tokens and issue a new one: (token, key shown once, tokens revoked)."""
    revoked = ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    token, key = api_token_issue(user=user, name=name)
    return token, key, revoked
