"""Egg builds for Scrapyd: scrapyd-deploy runs `setup.py bdist_egg`; everything else installs from pyproject.toml."""

from setuptools import setup

setup()
