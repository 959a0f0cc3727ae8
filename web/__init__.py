"""The HTTP side of the service (Starlette): health, the bundled demo feed, and later the calendar page and feeds."""
