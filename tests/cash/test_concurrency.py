"""Two threads or processes issuing at once on one file: no duplicate number, no gap.

Every transaction starts with BEGIN IMMEDIATE (desktop.services.database), so reading the
last number and writing the next happen under SQLite's write lock.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
import time

import pytest
from cash_world import World, issue_many_into
from sqlalchemy import text

from desktop.services.cash.check import check_database


def _assert_contiguous(world: World, numbers: list[str], expected: int) -> None:
    assert len(numbers) == len(set(numbers)) == expected
    seqs = sorted(int(number.rsplit("-", 1)[1]) for number in numbers)
    assert seqs == list(range(1, expected + 1))
    with world.db.session() as session:
        report = check_database(session)
    assert report.ok, report.problems
    assert report.receipt_count == expected


def test_transactions_take_the_write_lock_at_their_start(world: World) -> None:
    session = world.db.session_factory()
    try:
        session.execute(text("SELECT 1"))  # a mere read opens the transaction...
        other = sqlite3.connect(world.db.path, timeout=0, isolation_level=None)
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")  # ...so no other writer can start
        finally:
            other.close()
    finally:
        session.close()


def test_threads_issue_without_duplicates_or_gaps(world: World) -> None:
    threads_count, each = 4, 12
    barrier = threading.Barrier(threads_count)
    results: list[list[str]] = []
    errors: list[BaseException] = []

    def work() -> None:
        try:
            barrier.wait()
            numbers = []
            for index in range(each):
                numbers.append(world.sell(at=None, payer_label=f"Client {index}").number)
                time.sleep(0.005)  # let the other threads take the lock in between
            results.append(numbers)
        except BaseException as error:  # reported below, in the test thread
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    _assert_contiguous(world, [n for numbers in results for n in numbers], threads_count * each)


def test_processes_issue_without_duplicates_or_gaps(world: World) -> None:
    processes, each = 3, 10
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(processes)
    queue = context.Queue()
    workers = [
        context.Process(
            target=issue_many_into, args=(str(world.db.path), "accueil", each, barrier, queue)
        )
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=30)
    assert all(isinstance(numbers, list) for numbers in results), results
    _assert_contiguous(world, [n for numbers in results for n in numbers], processes * each)
