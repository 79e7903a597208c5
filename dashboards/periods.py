"""The period a dashboard covers: whole months, from the first month to the last, both included."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

DEFAULT_MONTHS = 12


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(month: datetime.date, count: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    first: datetime.date
    last: datetime.date

    @classmethod
    def default(cls) -> "Period":
        last = month_start(timezone.localdate())
        return cls(add_months(last, 1 - DEFAULT_MONTHS), last)

    @property
    def months(self) -> list[datetime.date]:
        months, month = [], self.first
        while month <= self.last:
            months.append(month)
            month = add_months(month, 1)
        return months

    @property
    def query(self) -> str:
        """The period as URL parameters, for links that keep it."""
        return f"from={self.first:%Y-%m}&to={self.last:%Y-%m}"

    def __str__(self) -> str:
        return f"{self.first:%Y-%m} – {self.last:%Y-%m}"
