import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workers.key_rotation import ENCRYPTED_COLUMNS, encrypted_column_rotate_batch


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored NIK, passport and document number under the newest of "
        "FIELD_ENCRYPTION_KEYS, in batches. Safe to stop and run again; blind indexes are unchanged. "
        "Drop an old key from FIELD_ENCRYPTION_KEYS only after a run that reports no failures."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction (default 500)")

    def handle(self, *args, batch_size: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if len(settings.FIELD_ENCRYPTION_KEYS) < 2:
            self.stdout.write("Only one key is configured: every value is already under it.")
        started = time.monotonic()
        failed: dict[str, list[int]] = {}
        for model, column in ENCRYPTED_COLUMNS:
            label = f"{model._meta.label}.{column}"
            total = model._default_manager.exclude(**{column: ""}).count()
            done = rotated = current = 0
            after_id = 0
            while True:
                batch = encrypted_column_rotate_batch(
                    model=model, column=column, after_id=after_id, batch_size=batch_size
                )
                if batch.last_id is None:
                    break
                after_id = batch.last_id
                rotated += batch.rotated
                current += batch.current
                done += batch.rotated + batch.current + len(batch.failed_ids)
                failed.setdefault(label, []).extend(batch.failed_ids)
                self.stderr.write(
                    f"  {label}: {done:,}/{total:,} ({time.monotonic() - started:.0f}s)", ending="\r"
                )
            self.stderr.write("")
            self.stdout.write(
                f"{label}: {rotated:,} re-encrypted, {current:,} already under the newest key, "
                f"{len(failed.get(label, [])):,} failed"
            )
        failures = {label: ids for label, ids in failed.items() if ids}
        if failures:
            listed = "; ".join(
                f"{label} ids {', '.join(map(str, ids[:20]))}" for label, ids in failures.items()
            )
            raise CommandError(
                f"Some values could not be decrypted with any configured key ({listed}). "
                "Keep the old keys until they are fixed."
            )
        self.stdout.write(self.style.SUCCESS(f"done in {time.monotonic() - started:.1f}s"))
