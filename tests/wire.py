"""Bytes on the wire, as a phone browser would receive them."""
ACCEPT = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def wire_bytes(response):
    """Compressed body plus status line and headers."""
    head = len(f"HTTP/1.1 {response.status}\r\n")
    head += sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 2
    return head + len(response.get_data())
