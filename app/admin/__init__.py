"""Back office for administrators only: the blueprint and its guard are in `blueprint.py`."""
