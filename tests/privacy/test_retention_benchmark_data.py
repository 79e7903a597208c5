"""apply_retention on the benchmark data (seed_scale, tiny scale): set-based, so its queries do not grow
with the number of workers due; the due workers are anonymised and nobody else; and every DPRD figure is
the same before and after."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Exists, OuterRef
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboards.services import summary_refresh
from placements.models import Placement, ReturnRecord
from privacy.models import AnonymisedRecord
from privacy.retention import RetentionKind
from privacy.services import retention_apply
from tests.privacy.test_retention_figures import figures
from workers.choices import Phase
from workers.models import ConsentEvent, Document, Worker

pytestmark = pytest.mark.django_db

WORKERS = 1000  # seed_scale --workers: 1,200 placements, 100 complaints, 20 outreach events
# Lampung Timur (a tenth of the benchmark's workers live there), one of its districts, its province,
# East Java and the whole country; the DPRD reads for the first three.
CODES = ("18.07", "18.07.01", "18", "35", "")
RANKED = ("18.07", "18.07.01", "18")


@pytest.fixture
def benchmark_data(settings):
    # One batch holds every candidate here: what is measured is the growth with the due workers, not with
    # the batches (a run takes a handful of queries per batch).
    settings.RETENTION_BATCH = 500
    if connection.vendor != "postgresql":
        pytest.skip("seed_scale needs PostgreSQL")
    call_command("seed_scale", workers=WORKERS, stdout=open("/dev/null", "w"))  # noqa: SIM115
    summary_refresh()


def make_due(count: int) -> list[int]:
    """Move the last activity of `count` workers not yet anonymised (and not abroad) back past the worker
    record's period: the worker, their documents, consents, placements and returns."""
    abroad = Placement.objects.filter(worker=OuterRef("pk"), phase=Phase.MASA)
    anonymised = AnonymisedRecord.objects.filter(kind=AnonymisedRecord.Kind.WORKER, object_id=OuterRef("pk"))
    ids = list(
        Worker.objects.filter(registration_number__startswith="BENCH-")
        .exclude(Exists(abroad))
        .exclude(Exists(anonymised))
        .exclude(full_name="ANONIM")
        .order_by("-pk")
        .values_list("pk", flat=True)[:count]
    )
    assert len(ids) == count
    long_ago = timezone.now() - datetime.timedelta(days=11 * 365)
    Worker.objects.filter(pk__in=ids).update(updated_at=long_ago)
    Document.objects.filter(worker_id__in=ids).update(updated_at=long_ago)
    ConsentEvent.objects.filter(worker_id__in=ids).update(at=long_ago)
    Placement.objects.filter(worker_id__in=ids).update(updated_at=long_ago)
    ReturnRecord.objects.filter(placement__worker_id__in=ids).update(created_at=long_ago)
    return ids


def run() -> tuple[int, int]:
    """apply_retention now: (queries it took, workers it anonymised)."""
    with CaptureQueriesContext(connection) as queries:
        report = retention_apply()
    done = {result.kind: result.count for result in report.results}
    return len(queries.captured_queries), done[RetentionKind.WORKER_RECORD]


def test_retention_on_the_benchmark_data_is_set_based_and_changes_no_figure(benchmark_data):
    before = figures(CODES, RANKED)
    assert before[("direct", "18.07")], "the comparison compares something"

    few = make_due(10)
    few_queries, few_done = run()
    many = make_due(WORKERS // 10)
    many_queries, many_done = run()

    # Set-based: ten times the workers, the same queries.
    assert (few_done, many_done) == (len(few), len(many))
    assert many_queries == few_queries

    # The due workers, and only they, are anonymised.
    anonymised = set(Worker.objects.filter(full_name="ANONIM").values_list("pk", flat=True))
    assert anonymised == set(few) | set(many)
    assert set(
        AnonymisedRecord.objects.filter(kind=AnonymisedRecord.Kind.WORKER, reason="retention").values_list(
            "object_id", flat=True
        )
    ) == set(few) | set(many)

    summary_refresh()
    assert figures(CODES, RANKED) == before
