#!/usr/bin/env python3
"""hostile-peer.py MODE: a TCP server on 127.0.0.1 (a free port, printed on
stdout) that misbehaves as MODE says, for t0720-hostile-peers.sh.  Stdlib
only; one thread per connection; runs until killed.

  silent       accepts and never sends a byte
  drip         sends a TLS-looking record one byte a second, forever
  close-hello  reads the ClientHello, then closes in the middle of the handshake
  http         answers like a plain HTTP server (400 Bad Request) and closes
  garbage      reads the ClientHello, sends a ServerHello-looking record, then
               bytes that are no TLS record at all, and stays open
"""
import os
import socket
import sys
import threading
import time


def read_record(conn):
    """Read one TLS record (the ClientHello), whatever it holds."""
    head = b""
    while len(head) < 5:
        chunk = conn.recv(5 - len(head))
        if not chunk:
            return head
        head += chunk
    need = int.from_bytes(head[3:5], "big")
    body = b""
    while len(body) < need:
        chunk = conn.recv(need - len(body))
        if not chunk:
            break
        body += chunk
    return head + body


def server_hello():
    """A TLS 1.2 ServerHello record: ECDHE-RSA-AES128-GCM-SHA256, with
    renegotiation_info and extended_master_secret as clients expect."""
    ext = b"\xff\x01\x00\x01\x00" + b"\x00\x17\x00\x00"
    body = (b"\x03\x03" + os.urandom(32) + b"\x00" + b"\xc0\x2f" + b"\x00"
            + len(ext).to_bytes(2, "big") + ext)
    hs = b"\x02" + len(body).to_bytes(3, "big") + body
    return b"\x16\x03\x03" + len(hs).to_bytes(2, "big") + hs


def serve(mode, conn):
    try:
        if mode == "silent":
            time.sleep(3600)
        elif mode == "drip":
            record = b"\x16\x03\x03\x40\x00" + b"\x02" * 0x4000
            for b in record:
                conn.sendall(bytes([b]))
                time.sleep(1)
        elif mode == "close-hello":
            read_record(conn)
        elif mode == "http":
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/html\r\n"
                         b"Content-Length: 22\r\nConnection: close\r\n\r\n"
                         b"<h1>Bad Request</h1>\r\n")
        elif mode == "garbage":
            read_record(conn)
            conn.sendall(server_hello() + b"\xde\xad\xbe\xef" * 512)
            time.sleep(3600)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    mode = sys.argv[1]
    if mode not in ("silent", "drip", "close-hello", "http", "garbage"):
        sys.exit(f"hostile-peer.py: unknown mode {mode}")
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", 0))
    srv.listen(16)
    print(srv.getsockname()[1], flush=True)
    while True:
        conn, _ = srv.accept()
        threading.Thread(target=serve, args=(mode, conn), daemon=True).start()


if __name__ == "__main__":
    main()
