"""The portals spider."""
