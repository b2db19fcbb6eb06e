"""Paramètres: the administrator's page (users, settings, audit log, own account)."""
