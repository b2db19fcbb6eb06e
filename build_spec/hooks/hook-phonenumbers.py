"""PyInstaller hook for phonenumbers, replacing the contributed one (which takes everything).

phonenumbers loads its per-region metadata modules lazily, so they are named here. The app
only parses, validates and formats numbers: the geocoding, carrier and time-zone data
(about 40 MB) are left out. If the app ever imports phonenumbers.geocoder, carrier or
timezone, remove the filter below.
"""

from PyInstaller.utils.hooks import collect_submodules

_LEFT_OUT = ("phonenumbers.geodata", "phonenumbers.carrierdata", "phonenumbers.tzdata")

hiddenimports = collect_submodules(
    "phonenumbers", filter=lambda name: not name.startswith(_LEFT_OUT)
)
