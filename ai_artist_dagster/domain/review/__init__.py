"""Review decisions that arrive from outside (Telegram buttons): signed, short callback tokens."""
