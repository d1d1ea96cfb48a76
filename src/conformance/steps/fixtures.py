"""The per-scenario market the step definitions share."""

import pytest

from conformance.nmf_client import NmfClient
from conformance.world.market import MarketWorld


@pytest.fixture
def market(nmf: NmfClient) -> MarketWorld:
    """An empty market for one scenario, played through the scenario's NMF client."""
    return MarketWorld(nmf=nmf)
