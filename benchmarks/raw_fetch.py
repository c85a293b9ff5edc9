"""The baseline crawler: bare Scrapy fetching a list of URLs and keeping nothing, with the downloader settings given."""

import argparse
import json
import sys

import scrapy
from scrapy.crawler import CrawlerProcess


class RawFetch(scrapy.Spider):
    """GET every URL once; the answer, whatever its status, is dropped."""

    name = "raw_fetch"

    def __init__(self, urls: list[str], **kwargs):
        super().__init__(**kwargs)
        self.urls = urls
        self.fetched = 0

    async def start(self):
        """Every URL at once: the raw fetch knows them all up front."""
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse, dont_filter=True, meta={"handle_httpstatus_all": True})

    def parse(self, response):
        """Count the answer."""
        self.fetched += 1


def main() -> None:
    """Fetch the URLs in a file (one per line) with Scrapy settings as JSON; print how many answered."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("urls")
    parser.add_argument("--settings", default="{}", help="Scrapy settings as a JSON object.")
    args = parser.parse_args()
    with open(args.urls, encoding="utf-8") as handle:
        urls = [line.strip() for line in handle if line.strip()]
    process = CrawlerProcess({"LOG_LEVEL": "WARNING", "TELNETCONSOLE_ENABLED": False, **json.loads(args.settings)})
    crawler = process.create_crawler(RawFetch)
    process.crawl(crawler, urls=urls)
    process.start()
    print(crawler.spider.fetched)
    sys.exit(0 if crawler.spider.fetched == len(urls) else 1)


if __name__ == "__main__":
    main()
