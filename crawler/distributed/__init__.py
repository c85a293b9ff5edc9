"""Scale-out on scrapy-redis: workers share a Redis scheduler and duplicate filter; one ingest writes the archive."""
