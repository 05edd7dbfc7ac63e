"""Offline machine translation: placeholders, argos backend, cache, drafting."""
