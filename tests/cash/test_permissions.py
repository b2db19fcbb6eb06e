"""The cash capability: accueil, animation and admin may; social and psychologue may not."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from cash_world import World, paris

from desktop.services.cash.closings import close_day, list_closings
from desktop.services.cash.drafts import DraftLine, Payment, preview_draft, validate_payment
from desktop.services.cash.pricing import quote_session
from desktop.services.cash.queries import ReceiptQuery, day_summary, search_receipts
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import PermissionDenied, ValidationError
from desktop.services.permissions import Actor
from desktop.vocabulary import Role
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)


def _actor(world: World, role: Role) -> Actor:
    return Actor(world.cashier.user_id, "x", "X", frozenset({role}))


@pytest.mark.parametrize("role", list(Role))
def test_cash_capability_by_role(world: World, role: Role) -> None:
    actor = _actor(world, role)
    allowed = role in (Role.ACCUEIL, Role.ANIMATION, Role.ADMIN)
    occurrence = world.occurrence(DAY)
    calls = [
        lambda s: search_receipts(s, actor, ReceiptQuery()),
        lambda s: day_summary(s, actor, DAY),
        lambda s: quote_session(s, actor, None, occurrence),
        lambda s: preview_draft(s, actor, None, [DraftLine.other("Tisane", 150)], on=DAY),
        lambda s: list_closings(s, actor),
        lambda s: close_day(clocked(s, paris(DAY, 20)), actor, DAY),
    ]
    for call in calls:
        with world.db.session() as session:
            if allowed:
                call(session)
            else:
                with pytest.raises(PermissionDenied, match="encaisser"):
                    call(session)
    if not allowed:
        with pytest.raises(PermissionDenied):
            world.sell(actor=actor)
        with world.db.session() as session, pytest.raises(PermissionDenied):
            cancel_receipt(session, actor, uuid.uuid4(), "x")


def test_unknown_payment_method_is_a_french_error() -> None:
    with pytest.raises(ValidationError, match="moyen de paiement"):
        validate_payment(Payment("bitcoin"), 100)  # type: ignore[arg-type]
