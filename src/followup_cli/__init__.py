"""followup: who to call today, and why — a follow-up scheduler for car dealerships."""

__version__ = "0.1.0"
