"""The closings part of ``check``: each closing against the receipts and days it sums."""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from desktop.services.cash.closings import closing_title
from desktop.services.cash.common import GENESIS
from desktop.vocabulary import ClosingKind, PaymentMethod

if TYPE_CHECKING:
    from desktop.services.cash.check import StoredReceipt

_ORDER = {ClosingKind.DAY: 0, ClosingKind.MONTH: 1, ClosingKind.YEAR: 2}
Heads = tuple[list[dt.date], list[tuple[str, str]]]


def _day_facts(receipts: Sequence[StoredReceipt]) -> dict[tuple[str, dt.date], dict[str, Any]]:
    facts: dict[tuple[str, dt.date], dict[str, Any]] = {}
    for receipt in receipts:
        if receipt.day is None:
            continue
        key = (receipt["series"], receipt.day)
        fact = facts.setdefault(key, {"count": 0, "totals": defaultdict(int)})
        fact["count"] += 1
        fact["totals"][str(receipt["payment_method"])] += receipt["total_cents"]
    return facts


def _heads(receipts: Sequence[StoredReceipt]) -> dict[str, Heads]:
    """Per series, the days in numbering order with the (hash, number) of their last receipt."""
    heads: dict[str, Heads] = {}
    for receipt in receipts:
        if receipt.day is None:
            continue
        days, marks = heads.setdefault(receipt["series"], ([], []))
        if days and days[-1] >= receipt.day:
            marks[-1] = (receipt.hash, receipt["number"])
        else:
            days.append(receipt.day)
            marks.append((receipt.hash, receipt["number"]))
    return heads


def _expected_head(heads: Heads | None, end: dt.date) -> tuple[str, str]:
    if heads is None:
        return GENESIS, ""
    days, marks = heads
    index = bisect.bisect_right(days, end)
    return marks[index - 1] if index else (GENESIS, "")


def _sum_days(days: list[dict[str, Any]], closing: dict[str, Any]) -> dict[str, Any]:
    start, end = closing["period_start"], closing["period_end"]
    totals: dict[str, int] = defaultdict(int)
    count = 0
    for day in days:
        if start <= day["period_start"] <= end:
            count += day["receipt_count"]
            for method, cents in day["totals_by_method"].items():
                totals[method] += int(cents)
    return {"count": count, "totals": totals}


def check_closings(
    receipts: Sequence[StoredReceipt],
    closings: list[dict[str, Any]],
    closing_hash: Callable[[dict[str, Any], str], str],
) -> Iterator[str]:
    """French problems of the closings (hash chain, totals, grand total, chain head)."""
    facts = _day_facts(receipts)
    heads = _heads(receipts)
    numbers = {r["number"] for r in receipts}
    closings.sort(key=lambda c: (c["series"], _ORDER[c["kind"]], c["period_start"]))
    days_by_series: dict[str, list[dict[str, Any]]] = defaultdict(list)
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
            fact = facts.get((series, closing["period_start"]), {"count": 0, "totals": {}})
            expected_grand = previous_grand.get(series, 0) + closing["total_cents"]
            previous_grand[series] = closing["grand_total_cents"]
            if closing["grand_total_cents"] != expected_grand:
                yield f"{name} : le grand total cumulé ne suit pas la clôture précédente."
            expected = _expected_head(heads.get(series), closing["period_end"])
            if expected != (closing["chain_head"], closing["last_receipt_number"]):
                yield f"{name} : la tête de chaîne ne correspond plus aux reçus."
        else:
            fact = _sum_days(days_by_series[series], closing)
        totals = {m.value: int(fact["totals"].get(m.value, 0)) for m in PaymentMethod}
        stored = {m.value: int(closing["totals_by_method"].get(m.value, 0)) for m in PaymentMethod}
        if fact["count"] != closing["receipt_count"] or totals != stored:
            yield f"{name} : totaux différents des reçus (reçus modifiés, ajoutés ou supprimés)."
        elif sum(stored.values()) != closing["total_cents"]:
            yield f"{name} : total différent de la somme des moyens de paiement."
