"""Places of the codifier: a place by its code, the regions, a region's places."""

from __future__ import annotations

# Read by the handlers through this service (handlers never import storage).
from storage.places import (
    Place as Place,
    get_place as get_place,
    places_of_region as places_of_region,
    regions as regions,
)
