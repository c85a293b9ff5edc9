"""Response headers capped in total size, as browsers cap them; Twisted caps each line (16 KiB), not their number."""

from scrapy.core.downloader.handlers.http11 import (
    HTTP11DownloadHandler,
    _LenientHTTP11ClientFactory,
    _LenientHTTP11ClientProtocol,
    _LenientHTTPClientParser,
)
from twisted.web import _newclient

from nianbao.crawler.settings import NIANBAO_MAX_HEADER_BYTES


class HeadersTooLarge(Exception):
    """A response whose status line and headers run past the cap."""


class CappedHeaderParser(_LenientHTTPClientParser):
    """Scrapy's lenient response parser, counting the bytes of the status line and headers as they arrive."""

    max_bytes = NIANBAO_MAX_HEADER_BYTES
    header_bytes = 0

    def lineReceived(self, line):
        """Refuse the response once its head passes the cap; the connection is then dropped."""
        if self.state in (_newclient.STATUS, _newclient.HEADER):
            self.header_bytes += len(line) + len(self.delimiter)
            if self.header_bytes > self.max_bytes:
                raise HeadersTooLarge(f"response headers run past {self.max_bytes} bytes")
        super().lineReceived(line)


class _CappedProtocol(_LenientHTTP11ClientProtocol):
    def request(self, request):
        # Twisted hard-codes the parser class; Scrapy swaps the class of the parser object it made (no extra
        # state), and so do we, with one counter more.
        finished = super().request(request)
        self._parser.__class__ = CappedHeaderParser
        return finished


class _CappedFactory(_LenientHTTP11ClientFactory):
    def buildProtocol(self, addr):
        return _CappedProtocol(self._quiescentCallback)


class CappedHeadersDownloadHandler(HTTP11DownloadHandler):
    """Scrapy's HTTP/1.1 handler (private classes extended: it has no setting for a header cap)."""

    def __init__(self, crawler):
        super().__init__(crawler)
        CappedHeaderParser.max_bytes = crawler.settings.getint("NIANBAO_MAX_HEADER_BYTES", NIANBAO_MAX_HEADER_BYTES)
        self._pool._factory = _CappedFactory
