"""Business rules, one module per domain. No Qt here: the GUI and the CLI both call these."""
