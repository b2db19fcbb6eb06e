"""The backend publishes what committed writes changed, read back from the change log, and
runs read-only calls in deferred transactions that never wait for a writer."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from desktop.models import Base, Person, Synced
from desktop.services.backend import Backend
from desktop.services.cash.drafts import DraftLine, Payment, ReceiptDraft
from desktop.services.cash.queries import ReceiptQuery, day_summary, search_receipts
from desktop.services.cash.receipts import issue_receipt
from desktop.services.changes import TABLE_KINDS, Changes
from desktop.services.clock import machine_today as today
from desktop.services.database import ReadOnlyViolation
from desktop.services.reads import is_read_only, reads
from desktop.services.settings import get_setting, set_settings
from desktop.vocabulary import EntityKind, PaymentMethod
from tests.conftest import ADMIN_PASSWORD


@pytest.fixture
def backend(db) -> Backend:
    backend = Backend(db)
    backend.login("admin", ADMIN_PASSWORD)
    return backend


def _record(backend: Backend) -> list[Changes]:
    seen: list[Changes] = []
    backend.subscribe(seen.append)
    return seen


def test_every_synced_table_has_an_entity_kind() -> None:
    synced = {m.local_table.name for m in Base.registry.mappers if issubclass(m.class_, Synced)}
    assert synced <= set(TABLE_KINDS), synced - set(TABLE_KINDS)


def test_a_sale_publishes_the_receipt_it_wrote_and_reads_publish_nothing(backend) -> None:
    seen = _record(backend)
    receipt = backend.call(
        issue_receipt,
        ReceiptDraft((DraftLine.other("Café", 150),), Payment(PaymentMethod.CASH)),
    )
    assert len(seen) == 1
    assert receipt.id in seen[0].ids_of(EntityKind.RECEIPT)
    assert EntityKind.AUDIT in seen[0].kinds
    assert seen[0].touches([EntityKind.RECEIPT]) and not seen[0].touches([EntityKind.PERSON])
    backend.call(search_receipts, ReceiptQuery())
    assert len(seen) == 1  # nothing new in the change log


def test_a_refused_write_publishes_nothing(backend) -> None:
    seen = _record(backend)
    with pytest.raises(Exception, match="au maximum"):
        backend.call(set_settings, {"idle_lock_minutes": 10, "login_max_failures": 999})
    assert seen == []
    assert backend.call_anonymous(get_setting, "idle_lock_minutes") == 5


def test_a_change_written_by_another_process_is_seen_after_the_next_operation(db, backend):
    seen = _record(backend)
    script = (
        "import sys\n"
        "from desktop.services.auth import authenticate\n"
        "from desktop.services.database import open_database\n"
        "from desktop.services.settings import set_settings\n"
        "db = open_database(sys.argv[1])\n"
        "with db.session() as s:\n"
        "    set_settings(s, authenticate(s, 'admin', sys.argv[2]), {'idle_lock_minutes': 9})\n"
        "db.close()\n"
    )
    subprocess.run(
        [sys.executable, "-c", script, str(db.path), ADMIN_PASSWORD], check=True, timeout=60
    )
    assert seen == []  # nobody looked yet
    backend.call(day_summary, today())  # any operation, a read
    assert [EntityKind.SETTING in c.kinds for c in seen] == [True]
    assert backend.call_anonymous(get_setting, "idle_lock_minutes") == 9


def test_a_read_returns_at_once_while_another_connection_holds_the_write_lock(db, backend):
    sale = ReceiptDraft((DraftLine.other("Café", 150),), Payment(PaymentMethod.CARD))
    backend.call(issue_receipt, sale)
    locked = threading.Event()

    def writer() -> None:
        other = sqlite3.connect(db.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE setting SET value = value")
        locked.set()
        time.sleep(5)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        assert locked.wait(10)
        started = time.perf_counter()
        summary = backend.call(day_summary, today())
        elapsed = time.perf_counter() - started
        assert thread.is_alive()  # the writer still holds its lock
    finally:
        thread.join()
    assert summary.receipt_count == 1
    assert elapsed < 0.1, f"read took {elapsed * 1000:.0f} ms"


def test_reads_are_declared_and_unknown_functions_write(db, backend) -> None:
    assert is_read_only(day_summary) and is_read_only(get_setting)
    assert not is_read_only(issue_receipt) and not is_read_only(set_settings)

    @reads
    def sneaky_orm(session, actor):
        session.add(Person(number="A-9", first_name="A", last_name="B", search_key="a b"))
        session.flush()

    @reads
    def sneaky_sql(session, actor):
        session.execute(text("UPDATE setting SET value = value"))

    with pytest.raises(ReadOnlyViolation):
        backend.call(sneaky_orm)
    with pytest.raises(OperationalError, match="readonly"):
        backend.call(sneaky_sql)
    with pytest.raises(OperationalError, match="readonly"):
        backend.call(reads(lambda session, actor: session.execute(text("DELETE FROM setting"))))
    # The same connections still write when a write call comes next.
    backend.call(set_settings, {"idle_lock_minutes": 6})
    assert backend.call_anonymous(get_setting, "idle_lock_minutes") == 6


def test_changes_merge_and_group_by_kind() -> None:
    a, b = uuid.uuid4(), uuid.uuid4()
    first = Changes.from_log([("receipt", str(a)), ("receipt_line", str(b)), ("nope", str(a))])
    assert first.ids_of(EntityKind.RECEIPT) == {a, b} and first.kinds == {EntityKind.RECEIPT}
    both = first.merged(Changes.from_log([("person", str(a))]))
    assert both.kinds == {EntityKind.RECEIPT, EntityKind.PERSON}
    assert not Changes() and both
