"""Scrapy settings; tunables come from NIANBAO_* environment variables."""

import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

NIANBAO_DB = os.environ.get("NIANBAO_DB")
NIANBAO_MAX_LISTING_PAGES = int(os.environ.get("NIANBAO_MAX_LISTING_PAGES", "300"))

# Polite by default: small government servers, one honest client.
USER_AGENT = os.environ.get(
    "NIANBAO_USER_AGENT",
    "nianbao/0.1 (open archive of government information-disclosure annual reports; +https://github.com/nianbao/nianbao)",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = int(os.environ.get("NIANBAO_CONCURRENT_REQUESTS", "16"))
CONCURRENT_REQUESTS_PER_DOMAIN = int(os.environ.get("NIANBAO_PER_HOST", "2"))
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = float(os.environ.get("NIANBAO_START_DELAY", "3"))
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = int(os.environ.get("NIANBAO_DOWNLOAD_TIMEOUT", "60"))
DOWNLOAD_MAXSIZE = 32 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 2
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = os.environ.get("NIANBAO_LOG_LEVEL", "INFO")

# validate -> keep raw -> clean -> parse -> deduplicate -> write
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 100,
    "pipelines.keep_raw.KeepRawPipeline": 200,
    "pipelines.clean.CleanPipeline": 300,
    "pipelines.parse.ParsePipeline": 400,
    "pipelines.deduplicate.DeduplicatePipeline": 500,
    "pipelines.write.WritePipeline": 600,
}
EXTENSIONS = {"crawler.runlog.RunLog": 500}
