"""Bytes on the wire, as a phone browser would receive them."""
ACCEPT = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def head_bytes(status, headers):
    """Status line and headers of an HTTP/1.1 answer."""
    return len(f"HTTP/1.1 {status}\r\n") + sum(len(k) + len(v) + 4 for k, v in headers) + 2


def wire_bytes(response):
    """Compressed body plus status line and headers."""
    return head_bytes(response.status, response.headers.items()) + len(response.get_data())
