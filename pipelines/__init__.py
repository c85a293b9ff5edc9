"""Item pipelines, one job each, in the order crawler/settings.py numbers them."""
