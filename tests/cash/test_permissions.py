"""The cash capabilities: accueil, animation and admin may; social and psychologue may not.

Reading the till (receipts, closings, their PDFs, the export) needs CASH_READ; selling,
cancelling and closing need CASH. The command line's reader holds CASH_READ only.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from cash_world import World, paris

from desktop.commands.cash_common import READER
from desktop.services.cash.closings import close_day, find_day_closing, list_closings
from desktop.services.cash.drafts import DraftLine, Payment, preview_draft, validate_payment
from desktop.services.cash.export import receipts_csv
from desktop.services.cash.pricing import quote_session
from desktop.services.cash.queries import ReceiptQuery, day_summary, get_receipt, search_receipts
from desktop.services.cash.receipts import cancel_receipt
from desktop.services.errors import PermissionDenied, ValidationError
from desktop.services.permissions import Actor, Capability
from desktop.services.printing.closing import closing_pdf
from desktop.services.printing.receipt import receipt_pdf
from desktop.vocabulary import Role
from tests.frozen_clock import clocked

DAY = dt.date(2026, 5, 12)


def _actor(world: World, role: Role) -> Actor:
    return Actor(world.cashier.user_id, "x", "X", frozenset({role}))


def _reads(actor: Actor):  # type: ignore[no-untyped-def]
    return [
        lambda s: search_receipts(s, actor, ReceiptQuery()),
        lambda s: day_summary(s, actor, DAY),
        lambda s: list_closings(s, actor),
        lambda s: receipts_csv(s, actor, DAY, DAY),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_cash_capability_by_role(world: World, role: Role) -> None:
    actor = _actor(world, role)
    allowed = role in (Role.ACCUEIL, Role.ANIMATION, Role.ADMIN)
    occurrence = world.occurrence(DAY)
    writes = [
        lambda s: quote_session(s, actor, None, occurrence),
        lambda s: preview_draft(s, actor, None, [DraftLine.other("Tisane", 150)], on=DAY),
        lambda s: close_day(clocked(s, paris(DAY, 20)), actor, DAY),
    ]
    for calls, refusal in ((_reads(actor), "consulter la caisse"), (writes, "encaisser")):
        for call in calls:
            with world.db.session() as session:
                if allowed:
                    call(session)
                else:
                    with pytest.raises(PermissionDenied, match=refusal):
                        call(session)
    if not allowed:
        with pytest.raises(PermissionDenied):
            world.sell(actor=actor)
        with world.db.session() as session, pytest.raises(PermissionDenied):
            cancel_receipt(session, actor, uuid.uuid4(), "x")


def test_command_line_reader_reads_but_cannot_issue_cancel_or_close(world: World) -> None:
    assert READER.capabilities() == {Capability.CASH_READ}
    receipt = world.sell(DraftLine.other("Tisane", 150), at=paris(DAY, 10))
    with world.db.session() as session:
        closing = close_day(clocked(session, paris(DAY, 20)), world.cashier, DAY)
    with world.db.session() as session:
        for call in _reads(READER):
            call(session)
        assert get_receipt(session, READER, receipt.id).number == receipt.number
        assert receipt_pdf(session, READER, receipt.id).startswith(b"%PDF")
        assert find_day_closing(session, READER, DAY).id == closing.id
        assert closing_pdf(session, READER, closing.id).startswith(b"%PDF")
    with pytest.raises(PermissionDenied, match="encaisser"):
        world.sell(actor=READER)
    next_day = DAY + dt.timedelta(days=1)
    other = world.sell(DraftLine.other("Tisane", 150), at=paris(next_day, 10))
    with world.db.session() as session, pytest.raises(PermissionDenied, match="encaisser"):
        cancel_receipt(session, READER, other.id, "erreur de saisie")
    with world.db.session() as session, pytest.raises(PermissionDenied, match="encaisser"):
        close_day(clocked(session, paris(next_day, 20)), READER, next_day)
    with world.db.session() as session:
        assert not any(c.period_start == next_day for c in list_closings(session, READER))


def test_unknown_payment_method_is_a_french_error() -> None:
    with pytest.raises(ValidationError, match="moyen de paiement"):
        validate_payment(Payment("bitcoin"), 100)  # type: ignore[arg-type]
