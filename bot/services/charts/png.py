"""Charts as PNG bytes: matplotlib's Figure API with the Agg canvas, one chart at a time."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Matplotlib keeps shared state (font cache, text layout): every chart of the bot renders under one lock.
_render_lock = threading.Lock()


def new_figure(width_inches: float, height_inches: float, dpi: int) -> Figure:
    """An empty figure on the Agg canvas (no pyplot, no GUI backend)."""
    # Imported here, not at the top: matplotlib costs ~0.4 s and tens of MB at start-up, and only
    # charts need it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width_inches, height_inches), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def render_png(draw: Callable[[], Figure]) -> bytes:
    """Draw a figure and return it as PNG bytes (blocking for tenths of a second: call it off the loop)."""
    with _render_lock:
        figure = draw()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
