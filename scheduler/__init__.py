"""Polling sources on their own intervals with APScheduler, and the bookkeeping that lets the service stop cleanly."""
