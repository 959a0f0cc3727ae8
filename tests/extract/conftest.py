"""Fixtures for the extraction tests: the real industry taxonomy from config.yaml and the shared seed pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from extract.taxonomy import Taxonomy

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    """The taxonomy the app ships (config.yaml's ``industries:``), so tests see the real keywords."""
    data = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
    return Taxonomy.from_mapping(data["industries"])
