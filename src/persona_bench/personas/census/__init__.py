"""A seeded, census-grounded persona generator.

`generate_personas` draws demographic attributes jointly from approximate US Census American
Community Survey distributions (``acs_distributions.json``, every table citing its ACS source)
and psychographic attributes from phrase banks written for this project
(``psychographic_phrases.json``). The data files are read on first use, not at import.
"""

from persona_bench.personas.census.generator import generate_personas, iter_personas

__all__ = ["generate_personas", "iter_personas"]
