"""What may leave for a reader, the same on every channel (the page, iCal feeds, Telegram): which text, which links.

Pure: no I/O, no clock, no httpx, sqlalchemy or telegram; ``ical/`` and ``extract/``'s purity is kept by importing it.
"""
