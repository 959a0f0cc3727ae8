"""Subcommands of the `eventradar` CLI that live in their own module."""
