"""Reading person and member files (CSV) into a checked import plan; writing our own format.

``read_persons(data)`` turns the bytes of a file into an :class:`ImportPlan` (nothing is
written anywhere); ``persons_csv(records)`` writes records in the app's own format. The
format is described in README.md, "Person import and export".
"""
