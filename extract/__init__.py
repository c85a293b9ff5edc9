"""Decode, clean and parse report pages: pure functions shared by the crawl and reparse."""
