#!/usr/bin/env python3
"""TLS tests: the real targetwatchd with certificates made here by the openssl command (a CA, a
server certificate for 127.0.0.1, a client certificate), talked to with Python's ssl module and
`targetwatch push --cacert`.

Usage: tls_test.py --daemon PATH/targetwatchd --cli PATH/targetwatch --fixtures DIR [unittest args]
"""
import argparse
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from targetwatch_testing import Daemon, wait_for  # noqa: E402

ARGS = None
TOKENS = {"writer900": ("writer-900-secret", ["900"], False)}


def openssl(*args, cwd):
    subprocess.run(["openssl"] + list(args), cwd=cwd, check=True, capture_output=True)


def make_pki(d):
    """ca.pem, server.pem/server.key (127.0.0.1), client.pem/client.key, all signed by the CA."""
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
            "ca.pem", "-days", "2", "-subj", "/CN=targetwatch test CA", cwd=d)
    for name, ext in (("server", "subjectAltName=IP:127.0.0.1,DNS:localhost"),
                      ("client", "extendedKeyUsage=clientAuth")):
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out",
                name + ".csr", "-subj", "/CN=" + name, cwd=d)
        with open(os.path.join(d, name + ".ext"), "w") as f:
            f.write(ext + "\n")
        openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext",
                cwd=d)


class TlsCase(unittest.TestCase):
    client_ca = False

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="tw-tls-")
        self.pki = os.path.join(self.tmp, "pki")
        os.makedirs(self.pki)
        make_pki(self.pki)
        extra = ('tls_cert_file = "pki/server.pem"\ntls_key_file = "pki/server.key"\n' +
                 ('tls_client_ca_file = "pki/ca.pem"\n' if self.client_ca else ""))
        self.daemon = Daemon(self.tmp, ARGS.daemon,
                             os.path.join(ARGS.fixtures, "integration", "targets"), "2025-06-30",
                             TOKENS, extra)

    def tearDown(self):
        self.daemon.kill()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def context(self, with_client_cert=False):
        ctx = ssl.create_default_context(cafile=os.path.join(self.pki, "ca.pem"))
        if with_client_cert:
            ctx.load_cert_chain(os.path.join(self.pki, "client.pem"),
                                os.path.join(self.pki, "client.key"))
        return ctx

    def https_get(self, path, ctx):
        url = "https://127.0.0.1:%d%s" % (self.daemon.port, path)
        with urllib.request.urlopen(url, context=ctx, timeout=10) as res:
            return res.status, res.read().decode()

    def start(self):
        # Daemon.start waits for /readyz over plain HTTP, which a TLS port never answers: wait for
        # the port file, then for the TLS /readyz.
        d = self.daemon
        d.log_handle = open(d.log, "ab")
        d.proc = subprocess.Popen(
            [d.daemon, "--settings", d.settings, "--today", d.today, "--port-file", d.port_file],
            cwd=d.dir, stdout=d.log_handle, stderr=d.log_handle)

        def port():
            if d.proc.poll() is not None:
                raise AssertionError("targetwatchd exited:\n" + d.log_text())
            try:
                with open(d.port_file) as f:
                    text = f.read()
                return int(text) if text.endswith("\n") else None
            except (FileNotFoundError, ValueError):
                return None
        d.port = wait_for(port, "the port file")


class TlsTest(TlsCase):
    def test_https_push_with_cacert_and_clean_refusals(self):
        self.start()
        ctx = self.context()
        self.assertEqual(self.https_get("/healthz", ctx), (200, "ok\n"))

        # targetwatch push speaks https and verifies the server against --cacert.
        csv = os.path.join(self.tmp, "june.csv")
        with open(csv, "w", encoding="utf-8") as f:
            f.write("project,indicator,value,as_of\nP900-1,spending,40,2025-06-20\n")
        env = dict(os.environ, TARGETWATCH_TOKEN="writer-900-secret",
                   TARGETWATCH_URL="https://127.0.0.1:%d" % self.daemon.port)
        ok = subprocess.run([ARGS.cli, "push", csv, "--cacert",
                             os.path.join(self.pki, "ca.pem")], env=env, capture_output=True,
                            text=True, timeout=60)
        self.assertEqual(ok.returncode, 0, ok.stderr + ok.stdout)
        self.assertIn("已入库 1 条", ok.stdout)
        # Without the CA the server is not trusted: nothing is sent.
        bad = subprocess.run([ARGS.cli, "push", csv], env=env, capture_output=True, text=True,
                             timeout=60)
        self.assertEqual(bad.returncode, 69, bad.stderr)
        self.assertIn("TLS handshake failed", bad.stderr)

        # Plain HTTP and garbage on the TLS port are refused; the daemon keeps serving.
        with self.assertRaises(Exception):
            urllib.request.urlopen("http://127.0.0.1:%d/healthz" % self.daemon.port, timeout=10)
        with socket.create_connection(("127.0.0.1", self.daemon.port), timeout=10) as s:
            s.sendall(b"\x16\x03\x01\x00\x05garbage-not-a-client-hello" * 10)
            s.settimeout(10)
            try:
                while s.recv(4096):
                    pass
            except (ConnectionResetError, socket.timeout):
                pass
        self.assertEqual(self.https_get("/healthz", ctx)[0], 200)

        # SIGHUP reloads the certificate: a renewed one is served to new connections.
        before = ssl.get_server_certificate(("127.0.0.1", self.daemon.port))
        os.remove(os.path.join(self.pki, "server.pem"))
        openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.pem", "-days", "3", "-extfile", "server.ext",
                cwd=self.pki)
        self.daemon.send_signal(signal.SIGHUP)
        wait_for(lambda: ssl.get_server_certificate(("127.0.0.1", self.daemon.port)) != before,
                 "the renewed certificate")
        self.assertEqual(self.https_get("/healthz", ctx)[0], 200)
        self.assertEqual(self.daemon.stop(), 0)


class MutualTlsTest(TlsCase):
    client_ca = True

    def test_a_client_certificate_is_required(self):
        self.start()
        self.assertEqual(self.https_get("/healthz", self.context(True))[0], 200)
        with self.assertRaises(Exception):
            self.https_get("/healthz", self.context(False))
        self.assertEqual(self.https_get("/healthz", self.context(True))[0], 200)


class PlaintextOnNetworkTest(unittest.TestCase):
    def test_refused_without_tls_and_allowed_when_said(self):
        tmp = tempfile.mkdtemp(prefix="tw-tls-")
        try:
            d = Daemon(tmp, ARGS.daemon, os.path.join(ARGS.fixtures, "integration", "targets"),
                       "2025-06-30", TOKENS)
            run = subprocess.run([ARGS.daemon, "--settings", d.settings, "--listen",
                                  "0.0.0.0:0", "--check-config"], cwd=tmp, capture_output=True,
                                 text=True, timeout=60)
            self.assertEqual(run.returncode, 78, run.stderr)
            self.assertIn("TLS is off", run.stderr)
            d = Daemon(tmp, ARGS.daemon, os.path.join(ARGS.fixtures, "integration", "targets"),
                       "2025-06-30", TOKENS, "allow_plaintext_on_network = true")
            run = subprocess.run([ARGS.daemon, "--settings", d.settings, "--listen",
                                  "0.0.0.0:0", "--check-config"], cwd=tmp, capture_output=True,
                                 text=True, timeout=60)
            self.assertEqual(run.returncode, 0, run.stderr)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--daemon", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--fixtures", required=True)
    ARGS, rest = parser.parse_known_args()
    ARGS.daemon = os.path.abspath(ARGS.daemon)
    ARGS.cli = os.path.abspath(ARGS.cli)
    ARGS.fixtures = os.path.abspath(ARGS.fixtures)
    unittest.main(argv=[sys.argv[0]] + rest)


if __name__ == "__main__":
    main()
