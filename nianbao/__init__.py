"""nianbao: an open archive of Chinese government information-disclosure annual reports."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("nianbao")
except PackageNotFoundError:
    __version__ = "0+unknown"
