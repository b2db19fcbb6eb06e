"""Garbage never crashes the reader; progress and cancel; the 10,000-row figure."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.contact import normalised_email
from desktop.services.errors import DomainError, ValidationError
from desktop.services.imports import values
from desktop.services.imports.plan import read_persons
from desktop.services.imports.records import ImportPlan
from desktop.services.progress import Cancelled
from tests.services.imports.samples import HELLOASSO_HEADER

PAHEKO_HEADER = (
    "Numéro de membre;Nom & prénom;Adresse E-Mail;Numéro de téléphone;Date d'inscription"
)
OWN_HEADER = "Numéro;Prénom;Nom;Téléphone;E-mail;Genre;Consentement données;Adhésion montant"


def _read_or_refuse(data: bytes) -> ImportPlan | None:
    """The plan, or None when refused with the package's French error (anything else fails)."""
    try:
        plan = read_persons(data)
    except DomainError as refused:
        assert refused.message and refused.message[0].isupper()
        return None
    # Every row is either a record or refused, never both, never lost.
    valid = {r.line for r in plan.records}
    refused_lines = set(plan.refused_lines)
    assert not valid & refused_lines
    assert valid | refused_lines == {row.line for row in plan.table.rows}
    return plan


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_garbage_bytes(data: bytes) -> None:
    _read_or_refuse(data)


_cell = st.text(
    alphabet=st.sampled_from([*";,\t\"\r\n 0123456789/:-+@.,€éÉœ'&xyzXYZ", "\u00a0"]),
    max_size=12,
)
_lines = st.lists(st.lists(_cell, max_size=10).map(";".join), max_size=15).map("\n".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.sampled_from([HELLOASSO_HEADER, PAHEKO_HEADER, OWN_HEADER, "Nom;Prénom"]),
    body=_lines,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
)
def test_garbage_csv_under_a_real_header(header: str, body: str, encoding: str) -> None:
    data = (header + "\n" + body).encode(encoding, errors="replace")
    _read_or_refuse(data)


def _helloasso_file(rows: int) -> bytes:
    lines = [HELLOASSO_HEADER]
    for i in range(rows):
        lines.append(
            f"{50_000_000 + i};{1 + i % 28:02d}/{1 + i % 12:02d}/2026 {i % 24:02d}:{i % 60:02d};"
            f"Validé;NOM{chr(65 + i % 26)}ÉTÉ;Prénom{chr(97 + i % 26)};Payeur;Prénom;"
            f"personne.{i}@exemple.example;;Carte bancaire;Adhésion annuelle;"
            f"{(5, 15, 29)[i % 3]},00;;;;Bordeaux"
        )
    return "\r\n".join(lines).encode("utf-8-sig")


def test_progress_is_reported_every_n_rows_and_cancel_stops_the_reading() -> None:
    calls: list[tuple[int, int]] = []
    data = _helloasso_file(1200)
    plan = read_persons(data, progress=lambda d, t: calls.append((d, t)), every=500)
    assert len(plan.records) == 1200
    assert calls == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]

    def cancel(done: int, total: int) -> None:
        if done >= 500:
            raise Cancelled

    with pytest.raises(Cancelled):
        read_persons(_helloasso_file(1200), progress=cancel, every=500)


def test_ten_thousand_rows_are_read() -> None:
    """Every row of a 10,000-row file becomes a record (its time is in ``ressourcerie bench
    --part import``: no timed assertion in a unit test, the machine is shared)."""
    plan = read_persons(_helloasso_file(10_000))
    assert len(plan.records) == 10_000 and plan.errors == ()


_local = st.text(alphabet=st.sampled_from('aZ09._+-!é"@ '), min_size=0, max_size=70)
_domain = st.sampled_from(
    ["exemple.example", "EXEMPLE.example", "orange.fr", "bücher.example", "localhost", "a..b", ""]
)


@settings(max_examples=400, deadline=None)
@given(local=_local, domain=_domain)
def test_known_domains_give_what_email_validator_gives(local: str, domain: str) -> None:
    """The import's shortcut for an already accepted domain agrees with normalised_email."""
    address = f"{local}@{domain}"
    try:
        expected: str | None = normalised_email(address, "email")
    except ValidationError:
        expected = None
    for _ in range(2):  # the second time the domain is known
        try:
            got: str | None = values.email(address)
        except ValidationError:
            got = None
        assert got == expected
