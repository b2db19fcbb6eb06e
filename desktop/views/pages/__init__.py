"""The main window's pages: one class per module, so each can be replaced on its own."""
