"""Ressourcerie Accueil: reception desktop application for La Ressourcerie."""

__version__ = "0.1.0"
APP_NAME = "Ressourcerie Accueil"
