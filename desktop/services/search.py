"""The desk's search as you type: names folded, phone and e-mail normalised, ranked.

Names are matched on ``Person.search_key``, the folded words of the first, last and usage
names stored with the person (:func:`search_key`), scanned in the per-database in-memory
index of :mod:`desktop.services.search_index` (kept in recency order): every typed word must
start a word of a name, in any order; whole words rank first, recent visitors first among
equals. When that leaves room, a second pass tolerates one typo in one name word
(Levenshtein distance 1 with ``rapidfuzz``, over the distinct name words). Phones are compared
in E.164 (``phonenumbers``), a national start « 0612 » as ``+33612``.
"""

from __future__ import annotations

import heapq
import re
import unicodedata
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import IntEnum

import phonenumbers
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from sqlalchemy.orm import Session

from desktop.services.contact import REGION, phone_e164
from desktop.services.search_index import Columns, Entry, SearchIndex, search_index

# Letters NFKD does not decompose (ligatures, stroked letters), spelt as French people type them.
_SPELLED = str.maketrans({"œ": "oe", "æ": "ae", "ø": "o", "ł": "l", "đ": "d", "ı": "i", "þ": "th"})
_NOT_ALNUM = re.compile(r"[\W_]+")
_CODE = re.compile(r"([A-Za-z])[\s\-]*(\d{1,6})")  # a person number: series letter, digits
_PHONE = re.compile(r"\+?[\d\s().\-\u00a0\u202f]+")
FUZZY_MIN_LETTERS = 4  # shorter words: a typo would match half the file


def fold(text: str) -> str:
    """Lower-case, accent- and ligature-free words separated by single spaces: the form both
    the stored search keys and typed searches take (« L'Hôte-Œuvray » → ``l hote oeuvray``)."""
    spelled = text.casefold().translate(_SPELLED)  # casefold already turns ß into ss
    decomposed = unicodedata.normalize("NFKD", spelled)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_ALNUM.sub(" ", stripped).split())


def search_key(first_name: str, last_name: str, usage_name: str = "") -> str:
    """The value stored in ``Person.search_key``: the folded words of each name, plus each
    several-word name run together (``L'Hôte`` is found by « l hote » and « lhote »)."""
    tokens: list[str] = []
    for name in (first_name, last_name, usage_name):
        words = fold(name).split()
        tokens += words
        if len(words) > 1:
            tokens.append("".join(words))
    return " ".join(dict.fromkeys(tokens))


class Match(IntEnum):
    """How a result matched; results are ranked in this order."""

    EXACT = 0  # every typed word is a whole word of a name, or the number / phone / e-mail
    PREFIX = 1  # every typed word starts a word of a name (or the number, phone, e-mail)
    FUZZY = 2  # one typed word is one typo away from a word of a name


@dataclass(frozen=True)
class ParsedQuery:
    """What a typed text can mean. Empty parts are not searched."""

    words: tuple[str, ...]  # folded words, matched against the names
    code: str = ""  # « a 12 » → ``A-12``, a prefix of person numbers
    phone: str = ""  # E.164 start of the phones (a whole number is its own start)
    email: str = ""  # lower-cased, a prefix of addresses

    @property
    def empty(self) -> bool:
        return not (self.words or self.code or self.phone or self.email)


def parse_query(text: str) -> ParsedQuery:
    """Read a typed text as name words, a person-number prefix, a phone or an e-mail."""
    raw = text.strip()
    code = ""
    if match := _CODE.fullmatch(raw):
        code = f"{match[1].upper()}-{match[2]}"
    phone = _phone_prefix(raw)
    email = raw.lower() if "@" in raw else ""
    words = () if phone or code else tuple(fold(raw).split())
    return ParsedQuery(words, code, phone, email)


def _phone_prefix(raw: str) -> str:
    """The E.164 start a typed phone stands for: a whole number normalised by
    ``phonenumbers`` (« 06 12 34 56 78 », « +33 (0)6… »), a start of one « 0612 » →
    ``+33612``, « +336 » and « 00336 » → ``+336``; '' if the text is no phone."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    if not _PHONE.fullmatch(raw) or len(digits) < 2:
        return ""
    whole = phone_e164(raw)
    if whole is not None and phonenumbers.is_valid_number(phonenumbers.parse(whole)):
        return whole
    if raw.startswith("+"):
        return "+" + digits
    if digits.startswith("00"):
        return "+" + digits[2:]
    if digits.startswith("0"):
        return f"+{phonenumbers.country_code_for_region(REGION)}{digits[1:]}"
    return ""


@dataclass(frozen=True)
class Ranked:
    entry: Entry
    match: Match

    @property
    def person_id(self) -> uuid.UUID:
        return self.entry.id


def ranked(
    session: Session, text: str, limit: int, index: SearchIndex | None = None
) -> list[Ranked]:
    """Up to ``limit`` persons (not deleted) matching ``text``, best first: exact, prefix,
    then one typo; recent visitors first among equals, then by name. ``index``: the one
    the caller already brought up to date, if any."""
    query = parse_query(text)
    if query.empty or limit < 1:
        return []
    columns = (index or search_index(session)).columns()
    # Positions are the recency order: the best of each kind are its smallest positions.
    kinds: list[tuple[Collection[int], Collection[int]]] = []  # (starting with, equal to)
    if query.words:
        kinds.append(_names(columns, query.words))
    for wanted, values in (
        (query.code, columns.fields.numbers),
        (query.phone, columns.fields.phones),
        (query.email, columns.fields.emails),
    ):
        if wanted:
            kinds.append(columns.prefixed(values, wanted))
    exact = set().union(*(same for _hits, same in kinds))
    best = heapq.nsmallest(limit, exact)
    room = limit - len(best)
    # The `room` best other matches are among each kind's `room + len(exact)` best.
    others = {i for hits, _same in kinds for i in heapq.nsmallest(room + len(exact), hits)}
    best += heapq.nsmallest(room, others - exact)
    results = [
        Ranked(columns.entries[i], Match.EXACT if i in exact else Match.PREFIX) for i in best
    ]
    if len(results) < limit and query.words:
        found = set().union(*(hits for hits, _same in kinds))  # few: the page is not full
        results += _one_typo(columns, query.words, found, limit - len(results))
    return results


def _names(columns: Columns, words: Sequence[str]) -> tuple[set[int], set[int]]:
    """Positions of the persons with a name word starting with each word, and of those
    with each word as a whole name word."""
    found = set.intersection(*(columns.starting(w) for w in words))
    whole = set.intersection(*(columns.having(w) for w in words))
    return found, whole & found


def _one_typo(columns: Columns, words: Sequence[str], found: set[int], room: int) -> list[Ranked]:
    """Persons whose names match every word but one, that one a typo away (first pass
    results excluded), recent visitors first."""
    long = [w for w in words if len(w) >= FUZZY_MIN_LETTERS]
    if not long:
        return []
    vocabulary, holders = columns.fields.vocabulary, columns.fields.holders
    near: set[int] = set()
    for word in long:
        choices = [vocabulary]
        if len(word) > FUZZY_MIN_LETTERS:  # a typo in what is typed so far of a longer name
            choices.append([t[: len(word)] for t in vocabulary])
        for choice in choices:
            for _text, _distance, at in process.extract(
                word, choice, scorer=Levenshtein.distance, score_cutoff=1, limit=None
            ):
                near.update(columns.positions(holders[vocabulary[at]]))
    results = []
    for i in sorted(near - found):
        entry = columns.entries[i]
        if one_typo_match(words, entry.key.split()):
            results.append(Ranked(entry, Match.FUZZY))
            if len(results) == room:
                break
    return results


def one_typo_match(words: Sequence[str], tokens: Sequence[str]) -> bool:
    """Every word starts a token, except one word of 4 letters or more that is one edit
    away from a token (or, from 5 letters, from the start of one)."""
    typos = 0
    for word in words:
        if any(t.startswith(word) for t in tokens):
            continue
        if typos or len(word) < FUZZY_MIN_LETTERS or not _near(word, tokens):
            return False
        typos = 1
    return typos == 1


def _near(word: str, tokens: Sequence[str]) -> bool:
    for token in tokens:
        if Levenshtein.distance(word, token, score_cutoff=1) <= 1:
            return True
        longer = len(word) > FUZZY_MIN_LETTERS and len(token) > len(word)
        if longer and Levenshtein.distance(word, token[: len(word)], score_cutoff=1) <= 1:
            return True
    return False
