"""Why a request failed, in words an operator can act on, from Scrapy's download exceptions."""

import re

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError

# Scrapy raises its public IgnoreRequest from this private error when a Content-Encoding body inflates past the cap.
from scrapy.utils._compression import _DecompressionMaxSizeExceeded

from nianbao.crawler.browser import PROXY_REFUSED
from nianbao.crawler.header_cap import HeadersTooLarge
from nianbao.crawler.offsite import Refused
from nianbao.crawler.redirects import RedirectLoop

# Twisted failures inside DownloadFailedError print as "<twisted.python.failure.Failure module.Class: message>".
_TWISTED_FAILURE = re.compile(r"<twisted\.python\.failure\.Failure [\w.]*?(\w+): ([^>]*)>")
_REQUEST_REPR = re.compile(r"\s*in request <[^>]*>\.?$")


def failure_reason(error: BaseException) -> str:
    """One line, its kind first: HTTP, timeout, truncated, too large, connection, redirect, refused."""
    text = _REQUEST_REPR.sub("", str(error))
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if isinstance(error, DownloadTimeoutError):
        return f"timeout: {text}"
    if isinstance(error, ResponseDataLossError):
        return "truncated: the connection closed before the body its Content-Length announced"
    if isinstance(error, DownloadCancelledError):
        return f"too large: {text or 'the body grew past the download size cap (NIANBAO_MAX_BYTES)'}"
    if isinstance(error, DownloadFailedError):
        found = _TWISTED_FAILURE.findall(text)
        too_large = [message for kind, message in found if kind == HeadersTooLarge.__name__]
        if too_large:
            return f"too large: {too_large[0]} (NIANBAO_MAX_HEADER_BYTES)"
        causes = "; ".join(f"{kind}: {message}" for kind, message in found) or text
        return f"connection failed: {causes}"
    if isinstance(error, DownloadConnectionRefusedError | CannotResolveHostError):
        return f"network: {text}"
    if isinstance(error, RedirectLoop | Refused):
        return str(error)
    if PROXY_REFUSED in text:
        return "refused: browser navigation off the portal's site (Chromium's proxy rule)"
    if isinstance(error, IgnoreRequest) and isinstance(error.__cause__, _DecompressionMaxSizeExceeded):
        return f"too large: the compressed body inflates past the download size cap (NIANBAO_MAX_BYTES): {text}"
    if isinstance(error, IgnoreRequest):
        return f"not fetched: {text}"
    return f"{type(error).__name__}: {text}"
