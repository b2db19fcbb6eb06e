"""The closings part of ``check``: each closing against the receipts and days it sums."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.services.cash.closings import closing_title
from desktop.services.cash.common import GENESIS
from desktop.vocabulary import ClosingKind, PaymentMethod

if TYPE_CHECKING:
    from desktop.services.cash.check import StoredReceipt

_ORDER = {ClosingKind.DAY: 0, ClosingKind.MONTH: 1, ClosingKind.YEAR: 2}
Heads = tuple[list[dt.date], list[tuple[str, str]]]
# A closing as read from the file by ``check``: raw column values, possibly tampered with.
StoredClosing = dict[str, Any]


@dataclass
class _Tally:
    """Receipts counted and summed by payment method."""

    count: int = 0
    totals: dict[str, int] = field(default_factory=lambda: defaultdict(int))


def _day_facts(receipts: Sequence[StoredReceipt]) -> dict[tuple[str, dt.date], _Tally]:
    facts: dict[tuple[str, dt.date], _Tally] = {}
    for receipt in receipts:
        if receipt.day is None:
            continue
        fact = facts.setdefault((receipt.series, receipt.day), _Tally())
        fact.count += 1
        fact.totals[str(receipt.payment_method)] += receipt.total_cents
    return facts


def _heads(receipts: Sequence[StoredReceipt]) -> dict[str, Heads]:
    """Per series, the days in numbering order with the (hash, number) of their last receipt."""
    heads: dict[str, Heads] = {}
    for receipt in receipts:
        if receipt.day is None:
            continue
        days, marks = heads.setdefault(receipt.series, ([], []))
        if days and days[-1] >= receipt.day:
            marks[-1] = (receipt.hash, receipt.number)
        else:
            days.append(receipt.day)
            marks.append((receipt.hash, receipt.number))
    return heads


def _expected_head(heads: Heads | None, end: dt.date) -> tuple[str, str]:
    if heads is None:
        return GENESIS, ""
    days, marks = heads
    index = bisect.bisect_right(days, end)
    return marks[index - 1] if index else (GENESIS, "")


def _sum_days(days: list[StoredClosing], closing: StoredClosing) -> _Tally:
    start, end = closing["period_start"], closing["period_end"]
    tally = _Tally()
    for day in days:
        if start <= day["period_start"] <= end:
            tally.count += day["receipt_count"]
            for method, cents in day["totals_by_method"].items():
                tally.totals[method] += int(cents)
    return tally


def check_closings(
    receipts: Sequence[StoredReceipt],
    closings: list[StoredClosing],
    closing_hash: Callable[[StoredClosing, str], str],
) -> Iterator[str]:
    """French problems of the closings (hash chain, totals, grand total, chain head)."""
    facts = _day_facts(receipts)
    heads = _heads(receipts)
    numbers = {r.number for r in receipts}
    closings.sort(key=lambda c: (c["series"], _ORDER[c["kind"]], c["period_start"]))
    days_by_series: dict[str, list[StoredClosing]] = defaultdict(list)
    previous_hash: dict[tuple[str, ClosingKind], str] = {}
    previous_grand: dict[str, int] = {}
    for closing in closings:
        series, kind = closing["series"], closing["kind"]
        name = f"{closing_title(kind, closing['period_start'])} (série {series})"
        key = (series, kind)
        if closing_hash(closing, previous_hash.get(key, GENESIS)) != closing["hash"]:
            yield f"{name} : contenu modifié après la clôture (empreinte différente)."
        previous_hash[key] = closing["hash"]
        if closing["last_receipt_number"] and closing["last_receipt_number"] not in numbers:
            yield f"{name} : le reçu {closing['last_receipt_number']} qu'elle cite est manquant."
        if kind is ClosingKind.DAY:
            days_by_series[series].append(closing)
            fact = facts.get((series, closing["period_start"]), _Tally())
            expected_grand = previous_grand.get(series, 0) + closing["total_cents"]
            previous_grand[series] = closing["grand_total_cents"]
            if closing["grand_total_cents"] != expected_grand:
                yield f"{name} : le grand total cumulé ne suit pas la clôture précédente."
            expected = _expected_head(heads.get(series), closing["period_end"])
            if expected != (closing["chain_head"], closing["last_receipt_number"]):
                yield f"{name} : la tête de chaîne ne correspond plus aux reçus."
        else:
            fact = _sum_days(days_by_series[series], closing)
        totals = {m.value: int(fact.totals.get(m.value, 0)) for m in PaymentMethod}
        stored = {m.value: int(closing["totals_by_method"].get(m.value, 0)) for m in PaymentMethod}
        if fact.count != closing["receipt_count"] or totals != stored:
            yield f"{name} : totaux différents des reçus (reçus modifiés, ajoutés ou supprimés)."
        elif sum(stored.values()) != closing["total_cents"]:
            yield f"{name} : total différent de la somme des moyens de paiement."
