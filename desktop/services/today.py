"""The desk's today panel: opening hours of the day, its sessions, who came in."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import OpeningException, OpeningHours
from desktop.services.clock import today
from desktop.services.formatting import hour_label
from desktop.services.permissions import Actor, Capability, require
from desktop.services.programme import occurrence_summaries
from desktop.services.reads import reads
from desktop.services.visits import VisitRow, day_visits
from desktop.vocabulary import ActivityCategory

Slot = tuple[dt.time, dt.time]  # opens, closes (Paris wall-clock time)


@dataclass(frozen=True)
class TodaySession:
    """One session of the day with its fill level."""

    occurrence_id: uuid.UUID
    starts_at: dt.datetime  # aware
    ends_at: dt.datetime
    title: str
    room: str  # « À distance » for a remote session without a room
    category: ActivityCategory
    registered: int  # places taken (registered, present, absent)
    capacity: int
    waitlisted: int
    cancelled: bool
    remote: bool = False

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.registered, 0)

    @property
    def fill_label(self) -> str:
        """« 6/8 », « 8/8 + 2 en attente », « annulée »."""
        if self.cancelled:
            return "annulée"
        waiting = f" + {self.waitlisted} en attente" if self.waitlisted else ""
        return f"{self.registered}/{self.capacity}{waiting}"

    @property
    def time_label(self) -> str:
        """« 10 h – 11 h 30 » (Paris time)."""
        return f"{hour_label(self.starts_at)} – {hour_label(self.ends_at)}"


@dataclass(frozen=True)
class TodayPanel:
    day: dt.date
    opening_label: str  # « Ouvert de 10 h à 18 h » / « Fermé aujourd'hui » (+ « — reason »)
    is_open: bool
    sessions: tuple[TodaySession, ...]  # by start time
    present: tuple[VisitRow, ...]  # named people whose counted visit is today, newest first
    anonymous_today: int  # counted anonymous visits today
    visits_today: int  # all counted visits today
    opening_slots: tuple[Slot, ...] = ()  # the day's opening hours, in order
    opening_note: str = ""  # the exception's label (« Jour férié : Noël »), else ''


@dataclass(frozen=True)
class Opening:
    """The opening hours of one day: the weekly template unless a dated exception says
    otherwise (closed, or other hours)."""

    slots: tuple[Slot, ...]
    note: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.slots)

    def label(self, *, is_today: bool = True) -> str:
        """« Ouvert de 10 h à 12 h 30 et de 14 h à 18 h », « Fermé aujourd'hui — Noël »."""
        if not self.slots:
            text = "Fermé aujourd'hui" if is_today else "Fermé ce jour-là"
        else:
            spans = [f"de {hour_label(start)} à {hour_label(end)}" for start, end in self.slots]
            joined = spans[0] if len(spans) == 1 else f"{', '.join(spans[:-1])} et {spans[-1]}"
            text = f"Ouvert {joined}"
        return f"{text} — {self.note}" if self.note else text


def opening_of(session: Session, day: dt.date) -> Opening:
    """The opening hours of ``day`` (no permission needed: they are on the poster)."""
    exception = session.scalar(
        select(OpeningException).where(
            OpeningException.on == day, OpeningException.deleted.is_(False)
        )
    )
    note = exception.label.strip() if exception is not None else ""
    if exception is not None and exception.closed:
        return Opening((), note)
    hours = (exception.opens_at, exception.closes_at) if exception is not None else (None, None)
    if hours[0] is not None and hours[1] is not None and hours[1] > hours[0]:
        return Opening(((hours[0], hours[1]),), note)  # other hours that day
    slots = session.execute(
        select(OpeningHours.opens_at, OpeningHours.closes_at)
        .where(OpeningHours.weekday == day.weekday(), OpeningHours.deleted.is_(False))
        .order_by(OpeningHours.opens_at)
    ).all()
    return Opening(tuple((opens, closes) for opens, closes in slots), note)


@reads
def today_panel(session: Session, actor: Actor, day: dt.date | None = None) -> TodayPanel:
    """What the desk shows beside the search for ``day`` (default today, Paris)."""
    require(actor, Capability.RECEPTION)
    current = today(session)
    day = day or current
    opening = opening_of(session, day)
    sessions = tuple(
        TodaySession(
            occurrence_id=o.id,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            title=o.title,
            room=o.room,
            category=o.category,
            registered=o.registered,
            capacity=o.capacity,
            waitlisted=o.waitlisted,
            cancelled=o.cancelled,
            remote=o.remote,
        )
        for o in occurrence_summaries(session, day, day)
    )
    visits = day_visits(session, actor, day)
    present: dict[uuid.UUID, VisitRow] = {}
    for visit in visits:  # newest first: each person's latest visit of the day
        if visit.person_id is not None:
            present.setdefault(visit.person_id, visit)
    return TodayPanel(
        day=day,
        opening_label=opening.label(is_today=day == current),
        is_open=opening.is_open,
        sessions=sessions,
        present=tuple(present.values()),
        anonymous_today=sum(1 for v in visits if v.person_id is None),
        visits_today=len(visits),
        opening_slots=opening.slots,
        opening_note=opening.note,
    )
