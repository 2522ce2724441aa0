"""Testament: sourced claims, evidence custody, linkage and estimation for documenting mass atrocities.

`import testament` stays light: heavy parts live in their own subpackages and load on demand.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
