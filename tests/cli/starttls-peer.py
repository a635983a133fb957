#!/usr/bin/env python3
"""A scripted STARTTLS peer for the protocols no test can start a real
server for in reasonable time (ftp, xmpp, mysql): it speaks the plain-text
part as the protocol's document has it, then a real TLS handshake with
python's ssl module (OpenSSL).  Usage: starttls-peer.py PROTO PORT CHAIN KEY
[refuse].  Serves connections one after the other until killed."""
import socket
import ssl
import struct
import sys

proto, port, chain, key = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
refuse = len(sys.argv) > 5 and sys.argv[5] == "refuse"
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(chain, key)


def read_until(c, end):
    data = b""
    while not data.endswith(end):
        b = c.recv(1)
        if not b:
            raise EOFError
        data += b
    return data


def ftp(c):
    c.sendall(b"220-scripted FTP peer\r\n220 ready\r\n")
    read_until(c, b"\r\n")
    if refuse:
        c.sendall(b"534 Request denied for policy reasons.\r\n")
        return False
    c.sendall(b"234 AUTH TLS successful\r\n")
    return True


def xmpp(c):
    read_until(c, b"version='1.0'>")
    c.sendall(b"<?xml version='1.0'?><stream:stream from='example.test' id='1' version='1.0' "
              b"xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>")
    if refuse:
        c.sendall(b"<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'>"
                  b"<mechanism>PLAIN</mechanism></mechanisms></stream:features>")
        return False
    c.sendall(b"<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/>"
              b"</starttls></stream:features>")
    read_until(c, b"/>")
    c.sendall(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    return True


def mysql(c):
    caps = 0xF7FF if refuse else 0xFFFF  # CLIENT_SSL is 0x0800
    body = (b"\x0a" + b"8.0.0-scripted\x00" + struct.pack("<I", 7) + b"abcdefgh" + b"\x00" +
            struct.pack("<H", caps) + b"\x21" + struct.pack("<H", 2) + struct.pack("<H", 0x81FF) +
            b"\x15" + b"\x00" * 10 + b"ijklmnopqrst\x00" + b"mysql_native_password\x00")
    c.sendall(struct.pack("<I", len(body))[:3] + b"\x00" + body)
    if refuse:
        return False
    head = c.recv(4, socket.MSG_WAITALL)
    c.recv(head[0] | head[1] << 8 | head[2] << 16, socket.MSG_WAITALL)
    return True


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(8)
while True:
    c, _ = s.accept()
    c.settimeout(5)
    try:
        if {"ftp": ftp, "xmpp": xmpp, "mysql": mysql}[proto](c):
            t = ctx.wrap_socket(c, server_side=True)
            t.recv(1)
            t.close()
    except Exception:  # a probe (wait_port) or a client that gave up
        pass
    finally:
        c.close()
