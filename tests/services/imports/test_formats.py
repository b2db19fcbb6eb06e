"""HelloAsso and Paheko files read into typed records, with their errors by line."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services.errors import ValidationError
from desktop.services.imports.formats import Field, Format, recognise
from desktop.services.imports.plan import plan_with_mapping, read_persons
from desktop.services.imports.table import FileRefused, read_table
from tests.services.imports.samples import HELLOASSO, HELLOASSO_HEADER, PAHEKO

UTC = dt.UTC


def test_helloasso_memberships_export() -> None:
    plan = read_persons(HELLOASSO.encode("utf-8-sig"))
    assert plan.format is Format.HELLOASSO and plan.encoding == "UTF-8"
    assert plan.separator == ";" and plan.errors == ()
    assert dict(plan.mapping) == {
        "Référence commande": Field.SOURCE_KEY,
        "Date de la commande": Field.MEMBERSHIP_PAID_AT,
        "Statut de la commande": Field.ORDER_STATUS,
        "Nom adhérent": Field.LAST_NAME,
        "Prénom adhérent": Field.FIRST_NAME,
        "Email payeur": Field.EMAIL,
        "Montant tarif": Field.MEMBERSHIP_AMOUNT,
    }
    helene, jean, anne, marc = plan.records
    assert (helene.first_name, helene.last_name) == ("Hélène", "Dupont")
    assert helene.email == "Helene.Dupont@exemple.example"  # domain lower-cased
    assert helene.source_reference == "helloasso:40211873"
    assert helene.membership is not None and helene.membership.amount_cents == 2900
    # 14:30 in Paris in March is UTC+1, 09:05 in July is UTC+2.
    assert helene.membership.paid_at == dt.datetime(2026, 3, 12, 13, 30, tzinfo=UTC)
    assert jean.membership is not None
    assert jean.membership.paid_at == dt.datetime(2026, 7, 5, 7, 5, tzinfo=UTC)
    assert (jean.first_name, jean.last_name) == ("Jean-Éric", "Lefèvre")
    assert (anne.first_name, anne.last_name) == ("Anne-Sophie", "L'Hôte")
    # Two memberships of one order keep distinct, stable references.
    assert (jean.source_reference, anne.source_reference) == (
        "helloasso:40211874",
        "helloasso:40211874#2",
    )
    assert (marc.last_name, marc.membership and marc.membership.amount_cents) == (
        "de la Tour",
        102900,
    )
    assert [r.line for r in plan.records] == [2, 3, 4, 5]


def test_helloasso_headers_matched_whatever_the_case_accents_and_spacing() -> None:
    header = "numero de commande;DATE DE LA COMMANDE;nom_adherent;Prenom  Adherent;email payeur"
    kind, mapping = recognise(tuple(read_table(f"{header}\nx;y;z;t;u\n".encode()).headers))
    assert kind is Format.HELLOASSO
    assert mapping["numero de commande"] is Field.SOURCE_KEY
    assert mapping["nom_adherent"] is Field.LAST_NAME
    assert mapping["Prenom Adherent"] is Field.FIRST_NAME  # spacing tidied in the table


def test_paheko_members_export_with_commas_and_quoted_newlines() -> None:
    plan = read_persons(PAHEKO.encode())
    assert plan.format is Format.PAHEKO and plan.separator == ","
    jean, marie, luc = plan.records
    assert (jean.first_name, jean.last_name, jean.line) == ("Jean", "Dupont", 2)
    assert (marie.first_name, marie.last_name, marie.line) == ("Marie", "Le Gall", 4)
    assert (luc.first_name, luc.last_name, luc.line) == ("Luc", "Martin", 5)
    assert jean.phone == "+33612345678" and marie.phone == "+33556001122"
    assert luc.phone == "+33781223344"
    assert jean.source_reference == "paheko:12" and marie.email == ""
    assert jean.registered_at == dt.datetime(2024, 1, 14, 23, 0, tzinfo=UTC)  # midnight, Paris
    assert marie.registered_at == dt.datetime(2025, 9, 1, 22, 0, tzinfo=UTC)
    assert plan.table.rows[0].cells[3] == "12 rue des Lilas\nBâtiment B"
    # The blank line 6 is skipped; line 7 holds a single word for « Nom & prénom ».
    [error] = plan.errors
    assert (error.line, error.field) == (7, Field.FULL_NAME)
    assert "le nom et le prénom sont attendus" in error.message


def test_bad_dates_and_amounts_are_reported_by_line_all_at_once() -> None:
    rows = [
        "1;31/02/2026 14:30;Validé;Martin;Luc;;;luc.martin@exemple.example;;;;29,00;;;;",
        "2;12/03/2026 14:30;Validé;Petit;;;;pas-une-adresse;;;;29,0x;;;;",
        "3;2026/03/12;Validé;Roux;Léa;;;lea@exemple.example;;;;-5,00;;;;",
        "4;12/03/2026 25:10;Validé;Blanc;Noé;;;noe@exemple.example;;;;12,345;;;;",
    ]
    plan = read_persons((HELLOASSO_HEADER + "\n" + "\n".join(rows)).encode())
    assert plan.records == ()
    by_line: dict[int, dict[Field | None, str]] = {}
    for error in plan.errors:
        by_line.setdefault(error.line, {})[error.field] = error.message
    assert set(by_line) == {2, 3, 4, 5}
    assert "cette date n'existe pas" in by_line[2][Field.MEMBERSHIP_PAID_AT]
    assert set(by_line[3]) == {Field.FIRST_NAME, Field.EMAIL, Field.MEMBERSHIP_AMOUNT}
    assert "écrivez un montant en chiffres" in by_line[3][Field.MEMBERSHIP_AMOUNT]
    assert "n'est pas une date" in by_line[4][Field.MEMBERSHIP_PAID_AT]
    assert "négatif" in by_line[4][Field.MEMBERSHIP_AMOUNT]
    assert "cette heure n'existe pas" in by_line[5][Field.MEMBERSHIP_PAID_AT]
    assert "Deux décimales" in by_line[5][Field.MEMBERSHIP_AMOUNT]


def test_a_repeated_paheko_member_number_is_a_duplicate_row() -> None:
    text = "Numéro de membre;Nom & prénom\n7;DUPONT Jean\n7;MARTIN Luc\n"
    plan = read_persons(text.encode())
    assert [r.line for r in plan.records] == [2]
    [error] = plan.errors
    assert error.line == 3 and "figure déjà ligne 2" in error.message


def test_other_files_are_mapped_by_usual_titles_and_can_be_remapped() -> None:
    text = "Nom;Prénom;Portable;Col4\nDurand;Inès;06 01 02 03 04;1985\n"
    plan = read_persons(text.encode())
    assert plan.format is Format.OTHER
    assert plan.records[0].phone == "+33601020304" and plan.records[0].birth_year is None
    remapped = plan_with_mapping(
        plan.table,
        {"Nom": Field.LAST_NAME, "Prénom": Field.FIRST_NAME, "Col4": Field.BIRTH_YEAR},
    )
    assert remapped.records[0].birth_year == 1985 and remapped.records[0].phone == ""
    assert remapped.mapping == (
        ("Nom", Field.LAST_NAME),
        ("Prénom", Field.FIRST_NAME),
        ("Col4", Field.BIRTH_YEAR),
    )


def test_a_mapping_naming_an_absent_column_or_a_field_twice_is_refused() -> None:
    table = read_table("Nom;Prénom;Tel\nDurand;Inès;\n".encode())
    with pytest.raises(ValidationError, match="n'existe pas"):
        plan_with_mapping(table, {"Nom": Field.LAST_NAME, "Téléphone": Field.PHONE})
    with pytest.raises(ValidationError, match="Deux colonnes pour le champ « nom »"):
        plan_with_mapping(table, {"Nom": Field.LAST_NAME, "Prénom": Field.LAST_NAME})
    with pytest.raises(FileRefused, match="nom et du prénom introuvables"):
        plan_with_mapping(table, {"Tel": Field.PHONE})


@pytest.mark.parametrize(
    ("full", "first", "last"),
    [
        ("DUPONT Jean", "Jean", "Dupont"),
        ("LE GALL Marie-Anne", "Marie-Anne", "Le Gall"),
        ("Marie LE GALL", "Marie", "Le Gall"),
        ("Jean Dupont", "Jean", "Dupont"),
        ("Jean de la Fontaine", "Jean", "de la Fontaine"),
        ("jean dupont", "Jean", "Dupont"),
    ],
)
def test_paheko_full_names_are_split_sensibly(full: str, first: str, last: str) -> None:
    plan = read_persons(f"Numéro de membre;Nom & prénom\n1;{full}\n".encode())
    record = plan.records[0]
    assert (record.first_name, record.last_name) == (first, last)


def test_a_refunded_or_cancelled_helloasso_order_is_refused() -> None:
    rows = [
        "1;12/03/2026 14:30;Remboursé;Martin;Luc;;;luc@exemple.example;;;;29,00;;;;",
        "2;12/03/2026 14:30;Annulé;Roux;Léa;;;lea@exemple.example;;;;29,00;;;;",
        "3;12/03/2026 14:30;Validé;Blanc;Noé;;;noe@exemple.example;;;;29,00;;;;",
    ]
    plan = read_persons((HELLOASSO_HEADER + "\n" + "\n".join(rows)).encode())
    assert [r.line for r in plan.records] == [4]
    assert [(e.line, e.field) for e in plan.errors] == [
        (2, Field.ORDER_STATUS),
        (3, Field.ORDER_STATUS),
    ]
    assert "n'a pas été payée" in plan.errors[0].message


def test_a_rows_errors_come_in_the_files_column_order() -> None:
    text = "Montant tarif;Email payeur;Nom adhérent;Prénom adhérent\n2x;@;Du8;\n"
    plan = read_persons(text.encode())
    assert [e.field for e in plan.errors] == [
        Field.MEMBERSHIP_AMOUNT,
        Field.EMAIL,
        Field.LAST_NAME,
        Field.FIRST_NAME,
    ]


@pytest.mark.parametrize("every", [0, -3, 1])
def test_progress_every_zero_or_less_reports_each_row(every: int) -> None:
    calls: list[int] = []
    read_persons(PAHEKO.encode(), progress=lambda done, total: calls.append(done), every=every)
    assert calls == [0, 1, 2, 3, 4, 4]


def test_paheko_with_separate_name_fields() -> None:
    text = "Numéro de membre;Nom;Prénom;Adresse E-Mail\n31;MARTIN;Luc;luc@exemple.example\n"
    plan = read_persons(text.encode())
    assert plan.format is Format.PAHEKO
    [luc] = plan.records
    assert (luc.first_name, luc.last_name, luc.source_reference) == ("Luc", "Martin", "paheko:31")
