"""The Qt half of ``ressourcerie bench --part recherche``, run in a child process.

``python -m desktop.views.search_probe --db FILE --queries JSON`` opens the file read-only
behind a :class:`~desktop.services.backend.Backend` (as the GUI does), calls the desk's
search for every keystroke prefix of every query and puts the rows in the
:class:`~desktop.views.search_results.SearchResultsModel`, reading every cell's text as a
view painting them would. Prints one JSON line: the index build (first search), then per
keystroke the service time and the keystroke → rows-in-the-model time, in seconds.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from desktop.services.backend import Backend
from desktop.services.database import open_database
from desktop.services.people import find_persons
from desktop.services.permissions import Capability, built_in_actor

PROBE_ACTOR = built_in_actor("mesure", "Mesure de la recherche", Capability.RECEPTION)


def measure(db: Path, queries: list[str]) -> dict[str, object]:
    from PySide6.QtCore import QCoreApplication

    from desktop.views.search_results import SearchResultsModel

    app = QCoreApplication.instance() or QCoreApplication(sys.argv)  # noqa: F841
    database = open_database(db, read_only=True, create=False)
    try:
        backend = Backend(database)
        backend.actor = PROBE_ACTOR
        model = SearchResultsModel()
        start = time.perf_counter()
        backend.call(find_persons, "a")
        build = time.perf_counter() - start
        keystrokes = []
        for query in queries:
            for end in range(1, len(query) + 1):
                typed = query[:end]
                start = time.perf_counter()
                results = backend.call(find_persons, typed)
                served = time.perf_counter() - start
                model.set_rows(results)
                for row in range(model.rowCount()):
                    model.texts(row)
                shown = time.perf_counter() - start
                keystrokes.append({"query": query, "typed": typed, "rows": len(results),
                                   "service": served, "model": shown})  # fmt: skip
    finally:
        database.close()
    return {"build": build, "keystrokes": keystrokes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m desktop.views.search_probe")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--queries", required=True, help="JSON list of texts")
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.db, json.loads(args.queries))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
