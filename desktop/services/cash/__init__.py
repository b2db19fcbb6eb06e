"""The cash desk: tariffs, pricing, receipts, closings, integrity check and export.

One payment path for the whole application: every membership, session place or other sale
goes through :func:`desktop.services.cash.receipts.issue_receipt`.
"""
