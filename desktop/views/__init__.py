"""Qt widgets, dialogs and item models. Never imports SQLAlchemy or desktop.models."""
