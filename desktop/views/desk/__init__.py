"""The Accueil page's parts: search and scan, the chosen person, reasons, the day's visits,
the anonymous visit form, the welcome checklist and the today panel."""
