"""iCalendar (RFC 5545) feeds, rendered purely from plain values: no database, no HTTP, no clock."""
