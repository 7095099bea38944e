"""Places the stories use, by their codifier codes."""

ZHYTOMYRSKA = "UA18040190000029215"  # Житомирська громада, Житомирський район, Житомирська область
