"""Widget tests (pytest-qt). A package, so the ``typing`` helper never shadows the stdlib."""
