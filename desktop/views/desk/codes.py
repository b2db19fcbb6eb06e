"""What the desk's search field reads as a card code (the scanner path).

A USB scanner in keyboard mode types the code of a member card, then Enter. A code is a
whole person number (« A-000123 ») or membership number (« AD-A-2024-0042 »), case, spaces
and dashes forgiven. A scanner set up for a QWERTY keyboard on a French (AZERTY) PC types
« Q)ààà&é" » for « A-000123 »: :func:`card_code` reads that back too.
"""

from __future__ import annotations

import re

_PERSON = re.compile(r"([A-Z])-?(\d{6,})")
_MEMBERSHIP = re.compile(r"AD-?([A-Z])-?(\d{4})-?(\d{4,})")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")

# What an AZERTY PC shows for the keys a QWERTY-configured scanner presses: shown → meant.
_QWERTY_ON_AZERTY = str.maketrans(
    {
        "&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "§": "6", "è": "7", "!": "8",
        "ç": "9", "à": "0", ")": "-", "_": "8",
        "q": "a", "Q": "A", "a": "q", "A": "Q", "w": "z", "W": "Z", "z": "w", "Z": "W",
        ",": "m", "?": "M",
    }
)  # fmt: skip
# On a French keyboard « - » is the 6 key and « _ » the 8 key (Belgian: « § » and « ! »).
_DIGIT_ROW_MINUS = str.maketrans({"-": "6"})


def _canonical(text: str) -> str:
    typed = _SPACES.sub("", text).upper()
    if match := _MEMBERSHIP.fullmatch(typed):
        return f"AD-{match[1]}-{match[2]}-{match[3]}"
    if match := _PERSON.fullmatch(typed):
        return f"{match[1]}-{match[2]}"
    return ""


def card_code(text: str) -> str:
    """The person or membership number ``text`` is, in stored form; '' when it is none
    (then Enter chooses a search result instead)."""
    if not text or len(text) > 40:
        return ""
    if code := _canonical(text):
        return code
    scrambled = text.translate(_QWERTY_ON_AZERTY)
    if scrambled == text:
        return ""
    # A QWERTY « - » arrives as « ) »; an AZERTY « - » is the scanner's 6.
    return _canonical(text.translate(_DIGIT_ROW_MINUS).translate(_QWERTY_ON_AZERTY))
