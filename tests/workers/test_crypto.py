"""Field encryption and blind indexes (portal.crypto): NIK and passport numbers are never stored in clear."""

import pytest
from cryptography.fernet import Fernet

from portal import crypto

NIK = "1807015705990001"


@pytest.fixture
def old_key() -> str:
    return Fernet.generate_key().decode()


@pytest.fixture
def new_key() -> str:
    return Fernet.generate_key().decode()


def test_an_encrypted_value_decrypts_to_the_normalised_value():
    token = crypto.encrypt("1807 0157 0599 0001")

    assert crypto.decrypt(token) == NIK


def test_passport_numbers_are_normalised_to_upper_case_before_encryption():
    assert crypto.decrypt(crypto.encrypt(" c 4921735 ")) == "C4921735"


def test_the_same_value_encrypts_differently_each_time_and_never_shows_in_the_token():
    first, second = crypto.encrypt(NIK), crypto.encrypt(NIK)

    assert first != second
    assert NIK not in first
    assert NIK not in second


def test_the_blind_index_is_deterministic_and_ignores_spacing():
    assert crypto.blind_index(NIK) == crypto.blind_index("1807 0157 0599 0001")
    assert crypto.blind_index(NIK) != crypto.blind_index("1807015705990002")
    assert NIK not in crypto.blind_index(NIK)


def test_the_blind_index_depends_on_its_key(settings):
    before = crypto.blind_index(NIK)

    settings.BLIND_INDEX_KEY = "another-blind-index-key"

    assert crypto.blind_index(NIK) != before


def test_a_token_under_another_key_cannot_be_decrypted(settings, old_key, new_key):
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    token = crypto.encrypt(NIK)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]

    with pytest.raises(ValueError, match="no configured key"):
        crypto.decrypt(token)


def test_after_adding_a_new_key_old_tokens_still_decrypt(settings, old_key, new_key):
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    token = crypto.encrypt(NIK)

    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    assert crypto.decrypt(token) == NIK


def test_rotating_re_encrypts_under_the_newest_key_so_the_old_key_can_be_dropped(settings, old_key, new_key):
    settings.FIELD_ENCRYPTION_KEYS = [old_key]
    token = crypto.encrypt(NIK)
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]

    rotated = crypto.rotate(token)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]
    assert crypto.decrypt(rotated) == NIK
    with pytest.raises(ValueError):
        crypto.decrypt(token)


def test_new_values_are_encrypted_under_the_first_key(settings, old_key, new_key):
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    token = crypto.encrypt(NIK)

    settings.FIELD_ENCRYPTION_KEYS = [new_key]

    assert crypto.decrypt(token) == NIK


def test_a_mask_shows_only_the_last_four_digits():
    assert crypto.mask(NIK) == "•" * 12 + "0001"
