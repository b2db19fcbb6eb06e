"""Our own format: written by persons_csv, read back identical."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.services.imports.export import persons_csv
from desktop.services.imports.formats import OWN_COLUMNS, Format
from desktop.services.imports.plan import read_persons
from desktop.services.imports.records import MembershipRecord, PersonRecord
from desktop.vocabulary import Gender, HeardFrom

UTC = dt.UTC

RECORDS = (
    PersonRecord(
        line=2,
        source_reference="ressourcerie:A-000001",
        number="A-000001",
        first_name="Hélène",
        last_name="Lefèvre",
        usage_name="Œuvray",
        phone="+33612345678",
        email="helene.lefevre@exemple.example",
        birth_year=1958,
        gender=Gender.FEMALE,
        heard_from=HeardFrom.WORD_OF_MOUTH,
        consent_data_at=dt.datetime(2025, 3, 30, 0, 30, tzinfo=UTC),  # the spring change
        consent_newsletter_at=dt.datetime(2025, 10, 26, 0, 30, tzinfo=UTC),  # 02:30 twice
        consent_photos_at=dt.datetime(2025, 10, 26, 1, 30, tzinfo=UTC),
        membership=MembershipRecord(
            number="A-2026-0007",
            valid_from=dt.date(2026, 1, 15),
            valid_until=dt.date(2027, 1, 14),
            amount_cents=2900,
        ),
    ),
    PersonRecord(
        line=3,
        source_reference="ressourcerie:B-000042",
        number="B-000042",
        first_name="Jean-Éric",
        last_name="L'Hôte",
        consent_data_at=dt.datetime(2026, 6, 1, 8, 0, 5, tzinfo=UTC),
    ),
    PersonRecord(
        line=4,
        source_reference="ressourcerie:A-000003",
        number="A-000003",
        first_name="Marc",
        last_name="de la Tour",
        gender=Gender.MALE,
        membership=MembershipRecord(number="A-2026-0008", amount_cents=0),
    ),
)


def test_own_format_file_layout() -> None:
    data = persons_csv(RECORDS)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == ";".join(title for title, _ in OWN_COLUMNS)
    assert "29,00" in lines[1] and "15/01/2026" in lines[1]
    assert "2025-10-26 02:30:00+02:00" in lines[1] and "2025-10-26 02:30:00+01:00" in lines[1]
    assert lines[3].endswith(";0,00")


def test_own_format_round_trips() -> None:
    plan = read_persons(persons_csv(RECORDS))
    assert plan.format is Format.RESSOURCERIE and plan.errors == ()
    assert plan.records == RECORDS


_letters = st.text(
    alphabet=st.sampled_from("abcdefghijklmnopqrstuvwxyzéèêëàâîïôöûüçœæ"), min_size=1, max_size=8
)
_names = st.lists(_letters, min_size=1, max_size=3).map(
    lambda words: " ".join(w[:1].upper() + w[1:] for w in words) + "x"
)  # mixed case, so kept as written
_moments = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 1, 1), timezones=st.just(UTC)
).map(lambda m: m.replace(microsecond=0))


@settings(max_examples=60, deadline=None)
@given(
    first=_names,
    last=_names,
    year=st.none() | st.integers(1900, 2099),
    gender=st.sampled_from(Gender),
    heard=st.none() | st.sampled_from(HeardFrom),
    consent=st.none() | _moments,
    cents=st.none() | st.integers(0, 1_000_000),
)
def test_any_record_round_trips(first, last, year, gender, heard, consent, cents) -> None:
    record = PersonRecord(
        line=2,
        source_reference="ressourcerie:A-000009",
        number="A-000009",
        first_name=first,
        last_name=last,
        birth_year=year,
        gender=gender,
        heard_from=heard,
        consent_data_at=consent,
        membership=None if cents is None else MembershipRecord(amount_cents=cents),
    )
    assert read_persons(persons_csv([record])).records == (record,)
