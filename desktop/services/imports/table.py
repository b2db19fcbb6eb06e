"""Bytes → a table of text cells: encoding, separator, quoting, line numbers.

A file is refused as a whole (:class:`FileRefused`, French message) when it cannot be read
as a table with a header row; rows that are merely wrong come back later as row errors.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from desktop.services.errors import DomainError, ValidationError

SEPARATORS = ";,\t"
SEPARATOR_NAMES = {";": "point-virgule", ",": "virgule", "\t": "tabulation"}
MAX_BYTES = 50 * 1024 * 1024  # far above any association's member file
_SAMPLE_LINES = 50
_SEP_LINE = re.compile(r"sep=([;,\t])")
_CONTROL = frozenset(chr(c) for c in range(32) if chr(c) not in "\t\r\n") | {"\x7f"}


class FileRefused(DomainError):
    """The file cannot be read as a table (the message says why, with a line if known)."""


@dataclass(frozen=True)
class Row:
    """One data row: ``line`` is the file line its first cell starts on (header is 1+)."""

    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """The header (made unique: a repeated title gets « (2) ») and the non-blank rows."""

    encoding: str
    separator: str
    headers: tuple[str, ...]
    rows: tuple[Row, ...]


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 (BOM or not) when it decodes strictly, else Windows-1252."""
    if not data.strip():
        raise FileRefused("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise FileRefused("Le fichier dépasse 50 Mo : ce n'est pas un fichier de personnes.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            "Le fichier est en UTF-16 : enregistrez-le en « CSV UTF-8 » puis recommencez."
        )
    if b"\x00" in data:
        raise FileRefused(
            "Ce fichier n'est pas un fichier texte (CSV) : il contient des octets nuls."
        )
    try:
        text, encoding = data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError:
            raise FileRefused(
                "Encodage inconnu : le fichier n'est ni en UTF-8 ni en Windows-1252. "
                "Enregistrez-le en « CSV UTF-8 » puis recommencez."
            ) from None
    controls = sum(1 for ch in text[:20_000] if ch in _CONTROL)
    if controls > max(3, len(text[:20_000]) // 1000):
        raise FileRefused("Ce fichier n'est pas un fichier texte (CSV) : caractères de contrôle.")
    return text, encoding


def _reader(text: str, separator: str) -> Iterator[list[str]]:
    return csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)


def _sample_widths(sample: str, separator: str) -> list[int]:
    """Widths of the sample's complete non-blank rows (the last, maybe cut, is dropped)."""
    widths: list[int] = []
    try:
        for cells in _reader(sample, separator):
            if any(cell.strip() for cell in cells):
                widths.append(len(cells))
    except csv.Error:
        pass  # a quote cut by the sample's end, or bad quoting: judged on what was read
    return widths[:-1] if len(widths) > 2 else widths


def sniff_separator(text: str) -> str:
    """``;``, ``,`` or tab: csv.Sniffer's guess when it splits the rows evenly, else the
    separator whose split gives the most rows as wide as the header (then the widest)."""
    sample = "\n".join(text.splitlines()[:_SAMPLE_LINES])
    try:
        guess: str | None = csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:
        guess = None
    if guess is not None:
        widths = _sample_widths(sample, guess)
        if widths and widths[0] >= 2 and all(w == widths[0] for w in widths):
            return guess
    best, best_score = None, (0, 0)
    for separator in SEPARATORS:
        widths = _sample_widths(sample, separator)
        if not widths or widths[0] < 2:
            continue
        score = (sum(1 for w in widths if w == widths[0]), widths[0])
        if score > best_score:
            best, best_score = separator, score
    if best is None:
        raise FileRefused(
            "Une seule colonne : aucun séparateur (point-virgule, virgule ou tabulation) "
            "n'a été trouvé dans la ligne d'en-tête. Ce fichier n'est pas un tableau CSV."
        )
    return best


def _unique(headers: list[str]) -> tuple[str, ...]:
    seen: dict[str, int] = {}
    unique = []
    for index, raw in enumerate(headers, start=1):
        title = " ".join(raw.split()) or f"Colonne {index}"
        seen[title] = seen.get(title, 0) + 1
        unique.append(title if seen[title] == 1 else f"{title} ({seen[title]})")
    return tuple(unique)


def read_file(path: Path) -> bytes:
    """The file's bytes, with French messages for a missing, huge or unreadable file."""
    path = path.expanduser()
    if not path.is_file():
        raise ValidationError(f"Fichier introuvable : « {path} ».")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(f"« {path} » dépasse 50 Mo : ce n'est pas une liste.")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"Impossible de lire « {path} » : {exc.strerror or exc}.") from exc


def read_table(data: bytes) -> Table:
    """The file as a :class:`Table`, or :class:`FileRefused` saying why in French."""
    text, encoding = decode(data)
    line = 1
    first_line, _, rest = text.partition("\n")
    if (declared := _SEP_LINE.fullmatch(first_line.strip())) is not None:
        text, line, separator = rest, 2, declared[1]  # Excel's « sep=; » line
    else:
        separator = sniff_separator(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=True)
    first = line  # the file line of the reader's first line
    headers: tuple[str, ...] | None = None
    rows: list[Row] = []
    try:
        for cells in reader:
            start, line = line, first + reader.line_num
            if not any(cell.strip() for cell in cells):
                continue  # blank line
            if headers is None:
                headers = _unique(cells)
            elif line - start > 1:  # a quoted value spans lines: one newline convention
                rows.append(Row(start, tuple(_newlines(cell) for cell in cells)))
            else:
                rows.append(Row(start, tuple(cells)))
    except csv.Error as error:
        raise FileRefused(
            f"Ligne {line} : le fichier est mal formé ({_csv_reason(error)}). "
            "Aucune ligne n'a été lue."
        ) from None
    if headers is None:
        raise FileRefused("Le fichier est vide.")
    if len(headers) < 2:
        raise FileRefused("Une seule colonne dans la ligne d'en-tête : ce n'est pas un tableau.")
    if not rows:
        raise FileRefused("Le fichier ne contient que la ligne d'en-tête : aucune personne.")
    return Table(encoding, separator, headers, tuple(rows))


def _newlines(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n") if "\r" in cell else cell


def _csv_reason(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return "une valeur dépasse 128 000 caractères"
    if "unexpected end of data" in text or "EOF" in text:
        return "un guillemet ouvert n'est jamais refermé"
    if "expected" in text and "after" in text:
        return "un guillemet est mal placé dans une valeur"
    return "guillemets ou séparateurs incohérents"
