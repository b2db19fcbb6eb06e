"""Bytes → table: encodings, separators, quoting, line numbers, and files refused in French."""

from __future__ import annotations

import pytest

from desktop.services.imports.plan import read_persons
from desktop.services.imports.table import FileRefused, read_table
from tests.services.imports.samples import HELLOASSO, PAHEKO

SIMPLE = "Nom;Prénom;E-mail\nLefèvre;Hélène;helene@exemple.example\nŒuvray;Zoé;\n"


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_utf8_with_or_without_bom(bom: bytes) -> None:
    table = read_table(bom + SIMPLE.encode())
    assert table.encoding == "UTF-8"
    assert table.headers == ("Nom", "Prénom", "E-mail")  # no BOM left in the first title
    assert table.rows[1].cells == ("Œuvray", "Zoé", "")


def test_windows_1252_is_recognised() -> None:
    table = read_table(SIMPLE.encode("cp1252"))
    assert table.encoding == "Windows-1252"
    assert table.rows[0].cells[:2] == ("Lefèvre", "Hélène") and table.rows[1].cells[0] == "Œuvray"


def test_windows_1252_helloasso_export_reads_like_the_utf8_one() -> None:
    utf8 = read_persons(HELLOASSO.encode("utf-8"))
    cp1252 = read_persons(HELLOASSO.encode("cp1252"))
    assert cp1252.encoding == "Windows-1252" and cp1252.records == utf8.records


def test_neither_utf8_nor_windows_1252_is_said_so() -> None:
    data = "Nom;Prénom\n".encode() + b"Dupont;\x81\x8d\xe9\n"  # bytes 1252 leaves undefined
    with pytest.raises(FileRefused, match="ni en UTF-8 ni en Windows-1252"):
        read_table(data)


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_separators_are_sniffed(separator: str) -> None:
    text = SIMPLE.replace(";", separator)
    assert read_table(text.encode()).separator == separator


def test_semicolons_win_over_decimal_commas() -> None:
    text = "Nom;Prénom;Montant\nDupont;Jean;29,00\nMartin;Luc;5,50\nRoux;Léa;1,00\n"
    table = read_table(text.encode())
    assert table.separator == ";" and table.rows[0].cells == ("Dupont", "Jean", "29,00")


def test_commas_with_quoted_commas_inside_values() -> None:
    text = 'Nom,Prénom,Adresse\nDupont,Jean,"1, rue Sainte-Catherine"\nMartin,Luc,"2, quai"\n'
    table = read_table(text.encode())
    assert table.separator == "," and table.rows[0].cells[2] == "1, rue Sainte-Catherine"


def test_crlf_and_lf_give_the_same_rows_and_line_numbers() -> None:
    lf = read_table(PAHEKO.encode())
    crlf = read_table(PAHEKO.replace("\n", "\r\n").encode())
    assert crlf.rows == lf.rows
    # The quoted newline of line 2 keeps its own line ending.
    assert [row.line for row in lf.rows] == [2, 4, 5, 7]


def test_blank_lines_are_skipped_and_lines_still_counted() -> None:
    table = read_table(b"\n\nNom;Pr\xc3\xa9nom\n\n;\nDupont;Jean\n  \nMartin;Luc\n\n")
    assert table.headers == ("Nom", "Prénom")
    assert [(row.line, row.cells) for row in table.rows] == [
        (6, ("Dupont", "Jean")),
        (8, ("Martin", "Luc")),
    ]


def test_repeated_and_empty_titles_are_made_unique() -> None:
    table = read_table(b"Nom;;Champ;Champ\na;b;c;d\n")
    assert table.headers == ("Nom", "Colonne 2", "Champ", "Champ (2)")


def test_ragged_rows_are_refused_by_line() -> None:
    text = "Nom;Prénom;E-mail\nDupont;Jean\nMartin;Luc;;;\nRoux;Léa;a@exemple.example;x\n"
    plan = read_persons(text.encode())
    assert [record.line for record in plan.records] == [3]  # trailing empty cells are fine
    assert [(e.line, e.field) for e in plan.errors] == [(2, None), (4, None)]
    assert "2 valeur(s) au lieu de 3" in plan.errors[0].message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "vide"),
        (b" \r\n\n\t", "vide"),
        (b"Nom;Pr\xc3\xa9nom\n", "que la ligne d'en-tête"),
        (b"Nom\nDupont\nMartin\n", "Une seule colonne"),
        (b"%PDF-1.7\n\x00\x01\x02binary", "octets nuls"),
        ("Nom;Prénom\nDupont;Jean\n".encode("utf-16"), "UTF-16"),
        (b"\x1b\x02\x03\x04\x05\x06\x07\x08;\x0e\x0f\x10\x11\n\x12\x13;\x14\x15", "contrôle"),
        (b'Nom;Prenom\nDupont;"Jean\nMartin;Luc\n', "Ligne 2 : .*jamais refermé"),
        (b'Nom;Prenom\nDupont;Jean\nMartin;"Luc"x\n', "Ligne 3 : .*mal placé"),
        (b"Nom;Prenom\nDupont;" + b"x" * 200_000 + b"\n", "Ligne 2 : .*128 000 caractères"),
    ],
)
def test_files_that_are_not_person_tables_are_refused_in_french(data: bytes, message) -> None:
    with pytest.raises(FileRefused, match=message):
        read_persons(data)


def test_a_table_without_name_columns_is_refused_naming_its_columns() -> None:
    with pytest.raises(FileRefused, match="colonnes lues : « Date », « Montant »"):
        read_persons(b"Date;Montant\n01/02/2026;12,00\n")


def test_excels_sep_line_sets_the_separator_and_lines_keep_counting() -> None:
    text = "sep=,\r\nNom,Prénom,Note\r\nDupont,Jean,a;b;c;d\r\nMartin,Luc,e;f\r\n"
    table = read_table(text.encode("utf-8-sig"))
    assert table.separator == "," and table.headers == ("Nom", "Prénom", "Note")
    assert [(row.line, row.cells[2]) for row in table.rows] == [(3, "a;b;c;d"), (4, "e;f")]
