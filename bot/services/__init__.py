"""Domain rules, independent of Telegram."""
