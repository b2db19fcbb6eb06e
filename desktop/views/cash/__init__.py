"""The cash desk's views: the "Encaisser" dialog, the "Caisse" page and receipt dialogs.

Self-contained widgets: ``CashPage(backend)`` and ``CheckoutDialog(backend, person)``.
"""
