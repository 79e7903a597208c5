"""Development-only keys: the settings use them while DEBUG is on and nothing is set, and refuse to start
without real ones once DEBUG is off. The benchmark harness passes them on explicitly, to measure its
synthetic data (seeded with them) under production settings."""

SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production"  # noqa: S105
FIELD_ENCRYPTION_KEYS = "ZGV2LW9ubHktZmllbGQta2V5LTMyLWJ5dGVzLWxvbmc="  # a Fernet key, dev only
BLIND_INDEX_KEY = "dev-only-blind-index-key"  # noqa: S105
