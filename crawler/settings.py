"""Scrapy settings; tunables come from NIANBAO_* environment variables."""

import os

BOT_NAME = "nianbao"
SPIDER_MODULES = ["nianbao.crawler.spiders"]
NEWSPIDER_MODULE = "nianbao.crawler.spiders"

NIANBAO_DB = os.environ.get("NIANBAO_DB")
NIANBAO_MAX_LISTING_PAGES = int(os.environ.get("NIANBAO_MAX_LISTING_PAGES", "300"))
# Report links one listing answer may give, and one portal in one run; a Hanweb column page can hold its whole
# column (a few thousand records), a 100,000-link page is a trap. Going over either is recorded for the portal.
NIANBAO_MAX_LISTING_LINKS = int(os.environ.get("NIANBAO_MAX_LISTING_LINKS", "5000"))
NIANBAO_MAX_PORTAL_LINKS = int(os.environ.get("NIANBAO_MAX_PORTAL_LINKS", "50000"))
# RFC 9309 §2.5: a crawler may stop reading robots.txt after 500 KiB; one larger forbids its host for the run.
NIANBAO_ROBOTS_MAX_BYTES = int(os.environ.get("NIANBAO_ROBOTS_MAX_BYTES", str(500 * 1024)))
# Servers refuse a header line over 8 KiB (Apache's LimitRequestFieldSize, nginx's large_client_header_buffers).
NIANBAO_MAX_COOKIE_HEADER_BYTES = int(os.environ.get("NIANBAO_MAX_COOKIE_HEADER_BYTES", "8190"))

# Polite by default: small government servers, one honest client.
# Who to tell when we cause trouble: operators set NIANBAO_CONTACT to their own page or mailto: address.
NIANBAO_CONTACT = os.environ.get("NIANBAO_CONTACT", "https://github.com/nianbao/nianbao")
USER_AGENT = os.environ.get(
    "NIANBAO_USER_AGENT",
    f"nianbao/0.1 (open archive of government information-disclosure annual reports; +{NIANBAO_CONTACT})",
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = int(os.environ.get("NIANBAO_CONCURRENT_REQUESTS", "16"))
CONCURRENT_REQUESTS_PER_DOMAIN = int(os.environ.get("NIANBAO_PER_HOST", "2"))
# Scrapy starts this many tasks for every response's output, however little it yields (its default 100). The
# pipelines are synchronous but for the wait on report files, and a page yields a handful of items.
CONCURRENT_ITEMS = 8
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = float(os.environ.get("NIANBAO_START_DELAY", "3"))
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = int(os.environ.get("NIANBAO_DOWNLOAD_TIMEOUT", "60"))
DOWNLOAD_MAXSIZE = int(os.environ.get("NIANBAO_MAX_BYTES", str(32 * 1024 * 1024)))
DOWNLOAD_WARNSIZE = DOWNLOAD_MAXSIZE // 4
# A response's status line and headers together, as Chromium caps them (256 KiB); over it the fetch fails.
NIANBAO_MAX_HEADER_BYTES = int(os.environ.get("NIANBAO_MAX_HEADER_BYTES", str(256 * 1024)))
DOWNLOAD_HANDLERS = {"http": "nianbao.crawler.header_cap.CappedHeadersDownloadHandler",
                     "https": "nianbao.crawler.header_cap.CappedHeadersDownloadHandler"}
# Report files (PDF text and OCR, DOC/WPS through LibreOffice, spreadsheets) are read in this many reader
# processes, each file within these wall-clock seconds and this much memory (MiB); a file over either is
# recorded with the reason (`too slow: …`, `too large: …`) and its reader replaced. Crawls, `nianbao parse`
# and `nianbao reparse` alike. The reader is the function that turns a file's bytes into a Document.
NIANBAO_READERS = int(os.environ.get("NIANBAO_READERS", "2"))
# Report pages are decoded, cleaned and parsed in reader processes of their own during a crawl, this many: the
# crawl's process, which downloads and writes, keeps one core.
NIANBAO_PAGE_READERS = int(os.environ.get("NIANBAO_PAGE_READERS", "1"))
NIANBAO_READ_SECONDS = float(os.environ.get("NIANBAO_READ_SECONDS", "120"))
NIANBAO_READ_MEMORY_MB = int(os.environ.get("NIANBAO_READ_MEMORY_MB", "2048"))
NIANBAO_FILE_READER = os.environ.get("NIANBAO_FILE_READER", "nianbao.extract.documents.read.read_document")
RETRY_ENABLED = True
RETRY_TIMES = int(os.environ.get("NIANBAO_RETRY_TIMES", "2"))
# Seconds before the first retry, doubling for each further one, never more than the max.
NIANBAO_RETRY_BACKOFF = float(os.environ.get("NIANBAO_RETRY_BACKOFF", "10"))
NIANBAO_RETRY_BACKOFF_MAX = float(os.environ.get("NIANBAO_RETRY_BACKOFF_MAX", "300"))
# Known report pages are re-checked (conditional GET) when their last check is older than this many days,
# at most this many per portal and night, oldest first.
NIANBAO_RECHECK_DAYS = float(os.environ.get("NIANBAO_RECHECK_DAYS", "7"))
NIANBAO_RECHECK_LIMIT = int(os.environ.get("NIANBAO_RECHECK_LIMIT", "200"))
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
# Unattended nightly runs open no control port (Scrapy 2.19 starts an HTTP remote control by default).
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = os.environ.get("NIANBAO_LOG_LEVEL", "INFO")

# validate -> keep raw -> clean -> parse -> deduplicate -> write
ITEM_PIPELINES = {
    "nianbao.pipelines.validate.ValidatePipeline": 100,
    "nianbao.pipelines.keep_raw.KeepRawPipeline": 200,
    "nianbao.pipelines.clean.CleanPipeline": 300,
    "nianbao.pipelines.parse.ParsePipeline": 400,
    "nianbao.pipelines.deduplicate.DeduplicatePipeline": 500,
    "nianbao.pipelines.write.WritePipeline": 600,
}
DOWNLOADER_MIDDLEWARES = {
    "nianbao.crawler.blocked.SkipBlockedPortals": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    # Before robots.txt (100), so not even a refused target's robots.txt is asked.
    "nianbao.crawler.offsite.RefuseOffsite": 60,
    "nianbao.crawler.redirects.RefusingMetaRefreshMiddleware": 580,
    "nianbao.crawler.redirects.LoopAwareRedirectMiddleware": 600,
    "nianbao.crawler.backoff.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "nianbao.crawler.robots.CappedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "nianbao.crawler.cookies.CappedCookiesMiddleware": 700,
}
EXTENSIONS = {"nianbao.crawler.runlog.RunLog": 500, "nianbao.crawler.progress.Progress": 510}
# Seconds between progress lines on a terminal (none under cron or in a pipe).
NIANBAO_PROGRESS_SECONDS = 5

# Scale-out (nianbao worker / nianbao ingest): one Redis shared by every worker and the ingest of one archive.
NIANBAO_REDIS_URL = os.environ.get("NIANBAO_REDIS_URL", "redis://127.0.0.1:6379/0")
# Two archives sharing one Redis need two prefixes.
NIANBAO_REDIS_PREFIX = os.environ.get("NIANBAO_REDIS_PREFIX", "nianbao")
# How long a worker or the ingest keeps reconnecting (a Redis restart) before it stops with an error.
NIANBAO_REDIS_RETRY_SECONDS = float(os.environ.get("NIANBAO_REDIS_RETRY_SECONDS", "30"))
# The shared queue holds requests as checked JSON; scrapy-redis's default would pickle them (anyone who can write
# to Redis could then run code in every worker). The scheduler refuses any other serializer.
SCHEDULER_SERIALIZER = "nianbao.crawler.distributed.request_json"
# A worker refreshes its alive key this often; after this many missed beats its requests go back to the queue.
NIANBAO_HEARTBEAT_SECONDS = float(os.environ.get("NIANBAO_HEARTBEAT_SECONDS", "2"))
NIANBAO_HEARTBEAT_MISSES = float(os.environ.get("NIANBAO_HEARTBEAT_MISSES", "5"))
# How often an idle worker looks at the shared queue; how long a worker waits for the ingest's plan,
# and the ingest for a live worker, before giving up with an error.
NIANBAO_POLL_SECONDS = float(os.environ.get("NIANBAO_POLL_SECONDS", "0.5"))
NIANBAO_WAIT_SECONDS = float(os.environ.get("NIANBAO_WAIT_SECONDS", "600"))
