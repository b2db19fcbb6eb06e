"""PDF documents (ReportLab). Every PDF embeds DejaVu Sans: it has the € sign and U+202F."""
