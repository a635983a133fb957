#!/usr/bin/env python3
"""An OCSP responder on 127.0.0.1 only: `openssl ocsp -port` binds every
address, so this HTTP front end (python's http.server) hands each POSTed
request to `openssl ocsp -index -reqin -respout`, which decides and signs
the response as its responder mode does.  Usage: ocsp-responder.py PORT
INDEX CA RSIGNER RKEY [garbage].  With "garbage" it answers 200 with bytes
that are not OCSP.  Each request is saved as PORT.req.der next to INDEX."""
import http.server
import os
import subprocess
import sys
import tempfile

port, index, ca, rsigner, rkey = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
garbage = len(sys.argv) > 6 and sys.argv[6] == "garbage"
saved = os.path.join(os.path.dirname(index), "%d.req.der" % port)


class Responder(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        req = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        with open(saved, "wb") as f:
            f.write(req)
        if garbage:
            body = b"this is not an OCSP response\n"
        else:
            with tempfile.TemporaryDirectory() as d:
                out = os.path.join(d, "resp.der")
                subprocess.run(["openssl", "ocsp", "-index", index, "-CA", ca, "-rsigner", rsigner,
                                "-rkey", rkey, "-reqin", saved, "-respout", out, "-ndays", "1"],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                body = open(out, "rb").read()
        self.send_response(200)
        self.send_header("Content-Type", "application/ocsp-response")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


http.server.HTTPServer(("127.0.0.1", port), Responder).serve_forever()
