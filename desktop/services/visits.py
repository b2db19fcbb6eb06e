"""Visits ("passages"): logging them at the desk, undoing one, the welcome checklist.

Visits are append-only: undoing one appends a cancelling visit that names it. Every count,
list and "first visit" reads visits through :func:`counted`, so an undone visit vanishes
everywhere while both rows stay in the file. The welcome checklist of a first visit is a
series of appended ticks too (the last one per step counts).
"""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import UnaryExpression
from sqlalchemy.sql.operators import custom_op

from desktop.models import Person, User, Visit, WelcomeCheck
from desktop.services.cash.common import day_bounds
from desktop.services.clock import local_day, now, today
from desktop.services.errors import NotFound, ValidationError
from desktop.services.formatting import hour_label
from desktop.services.permissions import Actor, Capability, require
from desktop.services.reads import reads
from desktop.services.settings import get_setting
from desktop.vocabulary import (
    VISIT_REASON_LABELS,
    AgeBracket,
    FirstVisitAnswer,
    Gender,
    VisitReason,
    WelcomeStep,
)

UNDO_WINDOW = dt.timedelta(minutes=2)
ANONYMOUS_NAME = "Anonyme"
TOO_LATE = "Ce passage ne peut plus être annulé (plus de 2 minutes)."
ALREADY_UNDONE = "Ce passage a déjà été annulé."
DEFAULT_REASON_SETTING = "visit_default_reason"
_NIL_USER = uuid.UUID(int=0)  # built-in actors (command line, bench): no staff account
E = TypeVar("E", bound=StrEnum)


@functools.cache
def counted() -> ColumnElement[bool]:
    """The condition on :class:`Visit` rows that count: neither a cancelling entry nor
    cancelled by one (built once: statements embedding it share SQLAlchemy's cache)."""
    cancelling = aliased(Visit)
    cancelled_ids = select(cancelling.cancels_visit_id).where(
        cancelling.cancels_visit_id.is_not(None)
    )
    # ``+column``: SQLite must not answer ``cancels_visit_id IS NULL`` from its UNIQUE index
    # (nearly every visit is NULL there: a scan of all of them, 100 ms at scale 10) but use
    # the query's own index (person, day).
    column = Visit.__table__.c.cancels_visit_id
    not_cancelling = UnaryExpression(column, operator=custom_op("+")).is_(None)
    return and_(not_cancelling, Visit.id.not_in(cancelled_ids))


@dataclass(frozen=True)
class VisitRow:
    """One line of the day's visit list."""

    id: uuid.UUID
    at: dt.datetime  # aware UTC
    person_id: uuid.UUID | None  # None: anonymous
    person_number: str  # "" if anonymous
    person_name: str  # "Hélène Lefèvre"; "Anonyme" if anonymous
    reasons: tuple[VisitReason, ...]
    first_visit: bool  # the person's first counted visit / anonymous answered oui
    anonymous_first_visit: FirstVisitAnswer | None
    recorded_by_name: str  # "" when no staff account recorded it (command line)
    welcome: frozenset[WelcomeStep]  # checklist steps ticked (last event per step)
    # at + UNDO_WINDOW while the visit may still be undone; None once undone or too late.
    undoable_until: dt.datetime | None
    anonymous_gender: Gender | None = None
    anonymous_age_bracket: AgeBracket | None = None
    # log_visit of a person whose visit was logged less than UNDO_WINDOW ago (a second scan,
    # Enter pressed twice): that visit, not a second one.
    already_logged: bool = False

    @property
    def time_label(self) -> str:
        """« 14 h 05 » (Paris time)."""
        return hour_label(self.at)

    @property
    def reasons_label(self) -> str:
        """« Activité, Information »."""
        return ", ".join(VISIT_REASON_LABELS[reason] for reason in self.reasons)

    @property
    def anonymous(self) -> bool:
        return self.person_id is None


# --- Writing ------------------------------------------------------------------------------


def default_reason(session: Session) -> VisitReason:
    """The reason a visit gets when none is chosen (setting ``visit_default_reason``)."""
    try:
        return VisitReason(str(get_setting(session, DEFAULT_REASON_SETTING)))
    except ValueError:  # a value a newer version stored: the built-in default
        return VisitReason.ACTIVITY


def log_visit(
    session: Session,
    actor: Actor,
    person_id: uuid.UUID,
    reasons: Sequence[VisitReason] | None = None,
) -> VisitRow:
    """Record that the person came in now, for ``reasons`` (None: the default reason).

    A second call for the same person within UNDO_WINDOW of a visit still counted returns
    that visit (``already_logged``): a double scan never counts the person twice. Refuses a
    merged or deleted person and an empty list of reasons (French ValidationError)."""
    require(actor, Capability.RECEPTION)
    person = _visitor(session, person_id)
    chosen = _reasons(session, reasons)
    at = now(session)
    earliest, latest = session.execute(
        select(func.min(Visit.at), func.max(Visit.at)).where(
            Visit.person_id == person.id, counted()
        )
    ).one()
    if latest is not None and latest > at - UNDO_WINDOW:
        recent = session.scalar(
            select(Visit)
            .where(Visit.person_id == person.id, Visit.at == latest, counted())
            .order_by(Visit.id.desc())
            .limit(1)
        )
        if recent is not None:
            return replace(_rows(session, [recent])[0], already_logged=True)
    visit = Visit(
        at=at, person_id=person.id, reasons=[r.value for r in chosen], recorded_by=_recorder(actor)
    )
    session.add(visit)
    first = (earliest is None or at <= earliest) and not _seen_before(person.first_visit_on, at)
    day = local_day(at)
    if person.first_visit_on is None or person.first_visit_on > day:
        person.first_visit_on = day if first else local_day(earliest)
    session.flush()
    return _fresh_row(visit, actor, person.number, f"{person.first_name} {person.last_name}",
                      first)  # fmt: skip


def log_scanned(
    session: Session, actor: Actor, code: str, reasons: Sequence[VisitReason] | None = None
) -> VisitRow:
    """Log the visit of the person a scanned or typed code names (person number or member
    card code, see :func:`desktop.services.people.find_by_code`) in one unit of work. The
    number of a merged person says which record to use instead."""
    from desktop.services.people import find_by_code  # people's index imports counted()

    try:
        person_id = find_by_code(session, actor, code).id
    except NotFound:
        typed = "".join(code.split()).upper()
        merged = session.scalar(
            select(Person.id).where(Person.number == typed, Person.merged_into_id.is_not(None))
        )
        if merged is None:
            raise
        person_id = merged  # refused below, naming the record it was merged into
    return log_visit(session, actor, person_id, reasons)


def log_anonymous_visit(
    session: Session,
    actor: Actor,
    first_visit: FirstVisitAnswer,
    gender: Gender | None = None,
    age_bracket: AgeBracket | None = None,
    reasons: Sequence[VisitReason] | None = None,
) -> VisitRow:
    """Count someone who gives no name: whether it is their first visit as they answered,
    optional gender and age bracket, the reasons (None: the default reason)."""
    require(actor, Capability.RECEPTION)
    answer = _member(FirstVisitAnswer, first_visit, "first_visit", "Première visite : oui, non "
                     "ou ne sait pas.")  # fmt: skip
    visit = Visit(
        at=now(session),
        person_id=None,
        anonymous_first_visit=answer,
        anonymous_gender=_optional(Gender, gender, "gender", "Genre inconnu."),
        anonymous_age_bracket=_optional(AgeBracket, age_bracket, "age_bracket",
                                        "Tranche d'âge inconnue."),
        reasons=[r.value for r in _reasons(session, reasons)],
        recorded_by=_recorder(actor),
    )  # fmt: skip
    session.add(visit)
    session.flush()
    return _fresh_row(visit, actor, "", ANONYMOUS_NAME, answer is FirstVisitAnswer.YES)


def undo_visit(session: Session, actor: Actor, visit_id: uuid.UUID) -> VisitRow:
    """Undo a visit logged less than UNDO_WINDOW ago by appending the cancelling entry
    (same person and facts); returns the undone visit. French ValidationError when it is
    too late, already undone, or itself a cancelling entry."""
    require(actor, Capability.RECEPTION)
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("Ce passage est introuvable.")
    if visit.cancels_visit_id is not None:
        raise ValidationError("Cette ligne est déjà l'annulation d'un passage.")
    if _undone(session, visit.id):
        raise ValidationError(ALREADY_UNDONE)
    at = now(session)
    if at - visit.at > UNDO_WINDOW:
        raise ValidationError(TOO_LATE)
    cancel = Visit(
        at=at,
        person_id=visit.person_id,
        anonymous_first_visit=visit.anonymous_first_visit,
        anonymous_gender=visit.anonymous_gender,
        anonymous_age_bracket=visit.anonymous_age_bracket,
        reasons=list(visit.reasons),
        recorded_by=_recorder(actor),
        cancels_visit_id=visit.id,
    )
    try:
        with session.begin_nested():
            session.add(cancel)
            session.flush()
    except IntegrityError:  # another device or window undid it first (UNIQUE cancels_visit_id)
        raise ValidationError(ALREADY_UNDONE) from None
    if visit.person_id is not None:
        person = session.get(Person, visit.person_id)
        if person is not None and person.first_visit_on == local_day(visit.at):
            person.first_visit_on = _first_visit_day(session, person.id)
            session.flush()
    return _rows(session, [visit])[0]


def tick_welcome(
    session: Session, actor: Actor, visit_id: uuid.UUID, step: WelcomeStep, done: bool
) -> VisitRow:
    """Tick (``done``) or untick a step of the welcome checklist of a visit; nothing is
    written when the step is already in that state."""
    require(actor, Capability.RECEPTION)
    chosen = _member(WelcomeStep, step, "step", "Étape d'accueil inconnue.")
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise NotFound("Ce passage est introuvable.")
    if visit.cancels_visit_id is not None or _undone(session, visit.id):
        raise ValidationError("Ce passage a été annulé : sa liste d'accueil ne se coche plus.")
    last = session.scalar(
        select(WelcomeCheck.done)
        .where(WelcomeCheck.visit_id == visit.id, WelcomeCheck.step == chosen)
        .order_by(WelcomeCheck.at.desc(), WelcomeCheck.id.desc())
        .limit(1)
    )
    if bool(last) != bool(done):
        session.add(
            WelcomeCheck(
                visit_id=visit.id,
                step=chosen,
                done=bool(done),
                at=now(session),
                recorded_by=_recorder(actor),
            )
        )
        session.flush()
    return _rows(session, [visit])[0]


# --- Reading ------------------------------------------------------------------------------


@reads
def day_visits(session: Session, actor: Actor, day: dt.date | None = None) -> list[VisitRow]:
    """The counted visits of ``day`` (Paris; default today), newest first."""
    require(actor, Capability.RECEPTION)
    start, end = day_bounds(day or today(session))
    visits = session.scalars(
        select(Visit)
        .where(Visit.at >= start, Visit.at < end, counted())
        .order_by(Visit.at.desc(), Visit.id.desc())
    ).all()
    return _rows(session, visits)


@reads
def last_undoable(session: Session, actor: Actor) -> VisitRow | None:
    """The latest counted visit still undoable (logged less than UNDO_WINDOW ago), if any."""
    require(actor, Capability.RECEPTION)
    visit = session.scalar(
        select(Visit)
        .where(Visit.at >= now(session) - UNDO_WINDOW, counted())
        .order_by(Visit.at.desc(), Visit.id.desc())
        .limit(1)
    )
    return _rows(session, [visit])[0] if visit is not None else None


# --- Helpers ------------------------------------------------------------------------------


def _recorder(actor: Actor) -> uuid.UUID | None:
    """The staff account to record (a built-in actor is none)."""
    return None if actor.user_id == _NIL_USER else actor.user_id


def _undone(session: Session, visit_id: uuid.UUID) -> bool:
    """Whether a cancelling entry names the visit."""
    found = session.scalar(select(Visit.id).where(Visit.cancels_visit_id == visit_id))
    return found is not None


def _visitor(session: Session, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None:
        raise NotFound("Cette personne est introuvable.")
    if person.merged_into_id is not None:
        survivor = session.get(Person, person.merged_into_id)
        into = f" avec celle de {survivor.number}" if survivor is not None else ""
        raise ValidationError(
            f"Cette fiche a été fusionnée{into} : enregistrez le passage sur la fiche "
            "conservée.",
            "person",
        )
    if person.deleted:
        raise ValidationError(
            "Cette fiche a été supprimée : aucun passage ne peut y être enregistré.", "person"
        )
    return person


def _reasons(session: Session, reasons: Sequence[VisitReason] | None) -> tuple[VisitReason, ...]:
    """The reasons in the vocabulary's order, without repeats (None: the default one)."""
    if reasons is None:
        return (default_reason(session),)
    if isinstance(reasons, str):
        reasons = [reasons]  # type: ignore[list-item]
    chosen = {_member(VisitReason, r, "reasons", "Motif de passage inconnu.") for r in reasons}
    if not chosen:
        raise ValidationError("Choisissez au moins un motif de passage.", "reasons")
    return tuple(reason for reason in VisitReason if reason in chosen)


def _member(enum: type[E], value: object, field: str, message: str) -> E:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return enum(value)
    except ValueError:
        raise ValidationError(message, field) from None


def _optional(enum: type[E], value: object, field: str, message: str) -> E | None:
    return None if value is None else _member(enum, value, field, message)


def _first_visit_at(session: Session, person_id: uuid.UUID) -> dt.datetime | None:
    """The moment of the person's earliest counted visit (None: none is left)."""
    return session.scalar(select(func.min(Visit.at)).where(Visit.person_id == person_id,
                                                           counted()))  # fmt: skip


def _first_visit_day(session: Session, person_id: uuid.UUID) -> dt.date | None:
    """The Paris day of the person's earliest counted visit (None: none is left)."""
    first = _first_visit_at(session, person_id)
    return local_day(first) if first is not None else None


def _seen_before(first_visit_on: dt.date | None, at: dt.datetime) -> bool:
    """Whether the person came (or was known to have come) on a day before ``at``'s."""
    return first_visit_on is not None and first_visit_on < local_day(at)


def _fresh_row(visit: Visit, actor: Actor, number: str, name: str, first: bool) -> VisitRow:
    """The row of a visit just logged (nothing ticked, not undone: no query needed)."""
    return VisitRow(
        id=visit.id,
        at=visit.at,
        person_id=visit.person_id,
        person_number=number,
        person_name=name.strip(),
        reasons=_stored_reasons(visit.reasons),
        first_visit=first,
        anonymous_first_visit=visit.anonymous_first_visit,
        recorded_by_name=actor.display_name if visit.recorded_by is not None else "",
        welcome=frozenset(),
        undoable_until=visit.at + UNDO_WINDOW,
        anonymous_gender=visit.anonymous_gender,
        anonymous_age_bracket=visit.anonymous_age_bracket,
    )


def _stored_reasons(values: Iterable[str]) -> tuple[VisitReason, ...]:
    known = {reason.value for reason in VisitReason}
    return tuple(VisitReason(v) for v in values if v in known)  # a newer version's: skipped


def _rows(session: Session, visits: Sequence[Visit]) -> list[VisitRow]:
    """The visit rows the desk shows, in the order given."""
    if not visits:
        return []
    moment = now(session)
    ids = [v.id for v in visits]
    person_ids = {v.person_id for v in visits if v.person_id is not None}
    persons: dict[uuid.UUID, tuple[str, str]] = {}
    known_before: dict[uuid.UUID, dt.date | None] = {}  # Person.first_visit_on
    for pid, number, first, last, since in session.execute(
        select(Person.id, Person.number, Person.first_name, Person.last_name,
               Person.first_visit_on).where(Person.id.in_(person_ids))
    ):  # fmt: skip
        persons[pid] = (number, f"{first} {last}".strip())
        known_before[pid] = since
    # A visit after the person's first-visit day is not their first: only the visits of
    # that day (or of a person without one) need their earliest counted visit looked up.
    unsure = {
        v.person_id
        for v in visits
        if v.person_id is not None and not _seen_before(known_before.get(v.person_id), v.at)
    }
    firsts = dict(
        session.execute(
            select(Visit.person_id, func.min(Visit.at))
            .where(Visit.person_id.in_(unsure), counted())
            .group_by(Visit.person_id)
        ).all()
    ) if unsure else {}  # fmt: skip
    user_ids = {v.recorded_by for v in visits if v.recorded_by is not None}
    users = dict(
        session.execute(select(User.id, User.display_name).where(User.id.in_(user_ids))).all()
    )
    undone = set(
        session.scalars(select(Visit.cancels_visit_id).where(Visit.cancels_visit_id.in_(ids)))
    )
    ticks: dict[uuid.UUID, dict[WelcomeStep, bool]] = {}
    for visit_id, step, done in session.execute(
        select(WelcomeCheck.visit_id, WelcomeCheck.step, WelcomeCheck.done)
        .where(WelcomeCheck.visit_id.in_(ids))
        .order_by(WelcomeCheck.at, WelcomeCheck.id)
    ):
        ticks.setdefault(visit_id, {})[step] = done
    rows = []
    for v in visits:
        number, name = persons.get(v.person_id, ("", "")) if v.person_id else ("", ANONYMOUS_NAME)
        if v.person_id is None:
            first_visit = v.anonymous_first_visit is FirstVisitAnswer.YES
        else:
            earliest = firsts.get(v.person_id)
            first_visit = v.person_id in unsure and (earliest is None or v.at <= earliest)
        until = v.at + UNDO_WINDOW
        undoable = v.cancels_visit_id is None and v.id not in undone and moment <= until
        rows.append(
            VisitRow(
                id=v.id,
                at=v.at,
                person_id=v.person_id,
                person_number=number,
                person_name=name,
                reasons=_stored_reasons(v.reasons),
                first_visit=first_visit,
                anonymous_first_visit=v.anonymous_first_visit,
                recorded_by_name=users.get(v.recorded_by, "") if v.recorded_by else "",
                welcome=frozenset(s for s, done in ticks.get(v.id, {}).items() if done),
                undoable_until=until if undoable else None,
                anonymous_gender=v.anonymous_gender,
                anonymous_age_bracket=v.anonymous_age_bracket,
            )
        )
    return rows
