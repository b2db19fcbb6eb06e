"""When La Ressourcerie is open: regular hours, public holidays, closures, Saturdays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from desktop.services.setup import DEFAULT_OPENING_HOURS

SATURDAY_HOURS = (dt.time(10), dt.time(17))
INAUGURATION = dt.date(2019, 4, 1)
FIRST_SATURDAY_MONTH = dt.date(2019, 9, 1)
LOCKDOWN_LABEL = "Confinement : lieu fermé, ateliers à distance"
LOCKDOWNS = (
    (dt.date(2020, 3, 17), dt.date(2020, 5, 10)),
    (dt.date(2020, 10, 30), dt.date(2020, 12, 14)),
)
MOVE = (dt.date(2021, 5, 31), dt.date(2021, 6, 4), "Déménagement dans les nouveaux locaux")


def easter(year: int) -> dt.date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def public_holidays(year: int) -> dict[dt.date, str]:
    sunday = easter(year)
    return {
        dt.date(year, 1, 1): "Jour de l'an",
        sunday + dt.timedelta(days=1): "Lundi de Pâques",
        dt.date(year, 5, 1): "Fête du Travail",
        dt.date(year, 5, 8): "Victoire 1945",
        sunday + dt.timedelta(days=39): "Ascension",
        sunday + dt.timedelta(days=50): "Lundi de Pentecôte",
        dt.date(year, 7, 14): "Fête nationale",
        dt.date(year, 8, 15): "Assomption",
        dt.date(year, 11, 1): "Toussaint",
        dt.date(year, 11, 11): "Armistice 1918",
        dt.date(year, 12, 25): "Noël",
    }


def _days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


class SiteCalendar:
    """Opening of the place between two dates, with its dated exceptions."""

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start, self.end = start, end
        self.regular = {
            weekday: (opens, closes) for weekday, opens, closes in DEFAULT_OPENING_HOURS
        }
        # date -> (closed, opens, closes, label): what becomes OpeningException rows.
        self.exceptions: dict[dt.date, tuple[bool, dt.time | None, dt.time | None, str]] = {}
        self._no_remote: set[dt.date] = set()
        for year in range(start.year, end.year + 1):
            self._year(year)
        for first, last in LOCKDOWNS:
            for day in _days(first, last):
                self._close(day, LOCKDOWN_LABEL)
        for day in _days(MOVE[0], MOVE[1]):
            self._close(day, MOVE[2])
        self.exceptions[INAUGURATION] = (False, dt.time(10), dt.time(19), "Inauguration")
        self._saturdays()
        self.exceptions = {d: v for d, v in self.exceptions.items() if start <= d <= end}

    def _close(self, day: dt.date, label: str, *, remote: bool = True) -> None:
        if not remote:
            self._no_remote.add(day)
        if day.weekday() in self.regular and day not in self.exceptions:
            self.exceptions[day] = (True, None, None, label)

    def _year(self, year: int) -> None:
        for day, label in public_holidays(year).items():
            self._close(day, f"Jour férié : {label}", remote=False)
        for day in _days(dt.date(year, 12, 24), dt.date(year, 12, 31)):
            self._close(day, "Fermeture de fin d'année", remote=False)
        # Two summer weeks, from the Monday of the week holding 10 August.
        aug10 = dt.date(year, 8, 10)
        monday = aug10 - dt.timedelta(days=aug10.weekday())
        for day in _days(monday, monday + dt.timedelta(days=13)):
            self._close(day, "Congés d'été", remote=False)

    def _saturdays(self) -> None:
        """One Saturday a month (the second), from September 2019, except August."""
        month = FIRST_SATURDAY_MONTH
        while month <= self.end:
            if month.month != 8:
                first = month + dt.timedelta(days=(5 - month.weekday()) % 7)
                saturday = first + dt.timedelta(days=7)
                if saturday in self._no_remote:  # a public holiday: the next Saturday
                    saturday += dt.timedelta(days=7)
                if not self._in_lockdown(saturday):
                    opens, closes = SATURDAY_HOURS
                    self.exceptions[saturday] = (False, opens, closes, "Samedi d'ouverture")
            month = (month + dt.timedelta(days=32)).replace(day=1)

    @staticmethod
    def _in_lockdown(day: dt.date) -> bool:
        return any(first <= day <= last for first, last in LOCKDOWNS)

    def hours(self, day: dt.date) -> tuple[dt.time, dt.time] | None:
        """On-site opening hours of that day (local time), or None when closed."""
        exception = self.exceptions.get(day)
        if exception is not None:
            closed, opens, closes, _ = exception
            return None if closed or opens is None or closes is None else (opens, closes)
        return self.regular.get(day.weekday())

    def remote_possible(self, day: dt.date) -> bool:
        """Remote workshops run on weekdays, lockdowns included, not on holidays."""
        return day.weekday() < 5 and day not in self._no_remote

    def open_hours(
        self, first: dt.date, last: dt.date
    ) -> list[tuple[dt.date, tuple[dt.time, dt.time]]]:
        """Each on-site open day in [first, last] with its hours."""
        return [
            (day, hours) for day in _days(first, last) if (hours := self.hours(day)) is not None
        ]
