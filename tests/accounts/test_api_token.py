import hashlib

import pytest
from django.db import connection
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.test import APIRequestFactory

from accounts.authentication import ApiTokenAuthentication
from accounts.models import ApiToken
from accounts.services import api_token_revoke


def authenticate(header: str | None):
    extra = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    request = APIRequestFactory().get("/api/v1/regions/", **extra)
    return ApiTokenAuthentication().authenticate(request)


def test_a_valid_token_authenticates_its_user(api_client_user, api_token):
    user, token = authenticate(f"Token {api_token}")

    assert user == api_client_user
    assert token.user_id == api_client_user.pk
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_the_bearer_keyword_works_too(api_client_user, api_token):
    user, _token = authenticate(f"Bearer {api_token}")

    assert user == api_client_user


def test_a_request_without_a_token_is_left_to_other_authenticators(db):
    assert authenticate(None) is None
    assert authenticate("Basic dXNlcjpwYXNz") is None


@pytest.mark.parametrize("header", ["Token wrong-key", "Token", "Token two words"])
def test_a_wrong_or_malformed_token_is_refused(api_token, header):
    with pytest.raises(AuthenticationFailed):
        authenticate(header)


def test_a_revoked_token_is_refused(api_client_user, api_token):
    api_token_revoke(token=ApiToken.objects.get(user=api_client_user))

    with pytest.raises(AuthenticationFailed):
        authenticate(f"Token {api_token}")


def test_the_token_of_a_deactivated_user_is_refused(api_client_user, api_token):
    api_client_user.is_active = False
    api_client_user.save(update_fields=["is_active"])

    with pytest.raises(AuthenticationFailed):
        authenticate(f"Token {api_token}")


def test_the_public_regions_api_answers_a_token_client(token_api):
    assert token_api.get("/api/v1/regions/", {"parent": "18"}).status_code == 200


def test_only_a_sha256_hash_of_the_key_is_stored(api_token):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_apitoken")
        stored = " ".join(str(value) for row in cursor.fetchall() for value in row)

    assert api_token not in stored
    assert ApiToken.objects.get().key_hash == hashlib.sha256(api_token.encode()).hexdigest()
