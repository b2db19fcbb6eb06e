"""Test support shared by the cash tests and their worker processes (importable, no pytest)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop.models import User
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import ReceiptInfo
from desktop.services.cash.receipts import issue_receipt
from desktop.services.database import Database, open_database
from desktop.services.formatting import to_utc
from desktop.services.permissions import Actor
from desktop.services.users import get_actor
from desktop.vocabulary import Gender, PaymentMethod
from tests.frozen_clock import set_clock
from tests.world import STAFF, STAFF_PASSWORD, add_person, add_session, build_site

TEMPLATE_USERS = ("admin", *STAFF)
PASSWORD = STAFF_PASSWORD


def build_template(folder: Path) -> Path:
    return build_site(folder / "template.sqlite3", staff=True)


def paris(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return to_utc(day, dt.time(hour, minute))


@dataclass
class World:
    """A test site: the database, its actors and small factories for persons and sessions."""

    db: Database
    admin: Actor
    cashier: Actor
    social: Actor

    @classmethod
    def open(cls, database: Database) -> World:
        with database.session() as session:
            actors = {
                name: get_actor(
                    session, session.scalar(select(User.id).where(User.username == name))
                )
                for name in TEMPLATE_USERS
            }
        return cls(database, actors["admin"], actors["accueil"], actors["social"])

    def actor(self, username: str) -> Actor:
        return {"admin": self.admin, "accueil": self.cashier, "social": self.social}[username]

    def person(
        self, first: str = "Marie", last: str = "Dupont", gender: Gender = Gender.FEMALE
    ) -> uuid.UUID:
        with self.db.session() as session:
            return add_person(session, first, last, gender=gender).id

    def occurrence(
        self,
        day: dt.date,
        *,
        title: str = "Yoga doux",
        free: bool = False,
        capacity: int = 12,
        hour: int = 14,
    ) -> uuid.UUID:
        with self.db.session() as session:
            return add_session(
                session, day, title=title, free=free, capacity=capacity, hour=hour
            ).id

    def sell(
        self,
        *lines: DraftLine,
        person_id: uuid.UUID | None = None,
        payment: Payment | None = None,
        at: dt.datetime | None = None,
        actor: Actor | None = None,
        payer_label: str = "",
    ) -> ReceiptInfo:
        draft = ReceiptDraft(
            lines=lines or (DraftLine.other("Café solidaire", 150),),
            payment=payment or Payment(PaymentMethod.CARD),
            person_id=person_id,
            payer_label=payer_label,
        )
        with self.db.session() as session:
            if at is not None:
                set_clock(session, at)
            return issue_receipt(session, actor or self.cashier, draft)


def issue_many(
    path: str, username: str, count: int, barrier: object = None, pause: float = 0.0
) -> list[str]:
    """Open the file and issue ``count`` receipts, each in its own transaction (a worker)."""
    database = open_database(Path(path))
    try:
        actor = World.open(database).actor(username)
        if barrier is not None:
            barrier.wait()  # type: ignore[attr-defined]
        numbers = []
        for index in range(count):
            draft = ReceiptDraft(
                lines=(DraftLine.other("Atelier", 1200), DraftLine.other("Tisane", 150 + index)),
                payment=Payment(PaymentMethod.CARD),
            )
            with database.session() as session:
                numbers.append(issue_receipt(session, actor, draft).number)
            time.sleep(pause)  # let the other workers take the lock in between
        return numbers
    finally:
        database.close()


def issue_many_into(path: str, username: str, count: int, barrier: object, queue: object) -> None:
    """A worker process: wait for the others, issue, report the numbers (or the error)."""
    try:
        numbers = issue_many(path, username, count, barrier, pause=0.02)
        queue.put(numbers)  # type: ignore[attr-defined]
    except BaseException as error:
        queue.put(repr(error))  # type: ignore[attr-defined]
