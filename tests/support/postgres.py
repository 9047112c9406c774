"""A throw-away PostgreSQL server for the Python tests, as tests/support/postgres.cpp does it for
the C++ ones: Debian's server binaries, initdb into a temporary directory (as the unprivileged
`postgres` user when running as root: PostgreSQL refuses to run as root), a free loopback port,
trust authentication, stopped and removed afterwards (also when the test process is killed).

    server, reason = PostgresServer.start()
    if server is None: skip(reason)
    url = server.create_database()   # postgresql://postgres@127.0.0.1:PORT/tw_test_1
    server.crash()                   # SIGKILL the postmaster (and its orphans)
    server.restart()
    server.stop()

Standard library only.
"""
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time

NOT_INSTALLED = ("PostgreSQL server not installed (no /usr/lib/postgresql/*/bin/initdb; "
                 "apt-get install postgresql)")


def find_bin():
    """The newest /usr/lib/postgresql/<version>/bin holding initdb and pg_ctl, or None."""
    found = []
    for bin_dir in glob.glob("/usr/lib/postgresql/*/bin"):
        version = os.path.basename(os.path.dirname(bin_dir))
        if (version.isdigit() and os.path.exists(os.path.join(bin_dir, "initdb"))
                and os.path.exists(os.path.join(bin_dir, "pg_ctl"))):
            found.append((int(version), bin_dir))
    return max(found)[1] if found else None


def free_port():
    """A loopback port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresServer:
    def __init__(self, bin_dir, directory, as_postgres, durable):
        self.bin = bin_dir
        self.dir = directory
        self.data = os.path.join(directory, "data")
        self.as_postgres = as_postgres
        self.durable = durable
        self.port = None
        self.running = False
        self.databases = 0
        self.watchdog = None

    @classmethod
    def start(cls, durable=False):
        """Returns (server, None), or (None, reason) when no server can be started, so that the
        caller can skip with the reason. `durable` keeps fsync on (for measurements); tests run
        without it: a killed server keeps what it wrote in the kernel's cache."""
        bin_dir = find_bin()
        if bin_dir is None:
            return None, NOT_INSTALLED
        as_postgres = os.geteuid() == 0
        if as_postgres:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                pw = None
            if pw is None or not os.path.exists("/usr/sbin/runuser"):
                return None, "running as root, and there is no `postgres` user or no runuser"
        directory = tempfile.mkdtemp(prefix="tw-pg-")
        server = cls(bin_dir, directory, as_postgres, durable)
        try:
            if as_postgres:
                os.chown(directory, pw.pw_uid, pw.pw_gid)
            server._start_watchdog()
            reason = server._run("initdb", [os.path.join(bin_dir, "initdb"), "-D", server.data,
                                            "-U", "postgres", "-A", "trust", "-E", "UTF8",
                                            "--locale=C", "--no-sync"])
            # A port may be taken between free_port() and the server's bind: try a few.
            for _ in range(3):
                if reason is not None and not reason.startswith("pg_ctl start"):
                    break
                server.port = free_port()
                reason = server._start_server()
                if reason is None:
                    return server, None
        except OSError as e:
            reason = "cannot start PostgreSQL: %r" % e
        server.stop()
        return None, reason

    def url(self, database="postgres"):
        return "postgresql://postgres@127.0.0.1:%d/%s" % (self.port, database)

    def create_database(self):
        """A new empty database; returns its URL."""
        self.databases += 1
        name = "tw_test_%d" % self.databases
        reason = self._run("createdb", [os.path.join(self.bin, "createdb"), "-h", "127.0.0.1",
                                        "-p", str(self.port), "-U", "postgres", name])
        if reason is not None:
            raise RuntimeError(reason)
        return self.url(name)

    def psql(self, database, sql):
        """Runs `sql` with psql; returns its unaligned, tuples-only output."""
        result = subprocess.run(
            [os.path.join(self.bin, "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
             "postgres", "-d", database, "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
            capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError("psql failed: " + result.stderr)
        return result.stdout.strip()

    def postmaster_pid(self):
        try:
            with open(os.path.join(self.data, "postmaster.pid")) as f:
                return int(f.readline())
        except (OSError, ValueError):
            return None

    def crash(self, wait_children=10.0):
        """SIGKILLs the postmaster, as a crash would. Its backends notice their parent's death
        and exit on their own; any still alive after `wait_children` seconds are SIGKILLed too
        (a new postmaster refuses to start while they hold the old shared memory). Returns how
        many had to be killed."""
        pid = self.postmaster_pid()
        if pid is None:
            raise RuntimeError("no postmaster.pid in " + self.data)
        children = _children_of(pid)
        os.kill(pid, signal.SIGKILL)
        self.running = False
        deadline = time.monotonic() + wait_children
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.02)
        killed = 0
        for c in children:
            if _alive(c):
                killed += 1
                try:
                    os.kill(c, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        while any(_alive(c) for c in children):
            time.sleep(0.02)
        # The new postmaster takes a PID that still exists for one that runs. Ours is dead, but
        # stays a zombie until init reaps it: then its lock file is stale, and goes.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and os.path.exists("/proc/%d" % pid):
            time.sleep(0.02)
        if os.path.exists("/proc/%d" % pid):
            os.remove(os.path.join(self.data, "postmaster.pid"))
        return killed

    def restart(self):
        """Starts the server again on the same port and data directory (after crash())."""
        reason = self._start_server()
        if reason is not None:
            raise RuntimeError(reason)

    def stop(self):
        if self.running:
            self._run("pg_ctl stop", [os.path.join(self.bin, "pg_ctl"), "stop", "-m", "fast",
                                      "-w", "-D", self.data])
            self.running = False
        shutil.rmtree(self.dir, ignore_errors=True)
        if self.watchdog is not None:
            self.watchdog.stdin.close()  # nothing left for it to do; it exits
            self.watchdog.wait()
            self.watchdog = None

    def log_tail(self, chars=3000):
        try:
            with open(os.path.join(self.dir, "server.log"), errors="replace") as f:
                return f.read()[-chars:]
        except OSError:
            return ""

    def _start_server(self):
        options = ("-p %d -k %s -c listen_addresses=127.0.0.1 -c max_connections=60%s" %
                   (self.port, self.dir, "" if self.durable else " -c fsync=off"))
        reason = self._run("pg_ctl start", [os.path.join(self.bin, "pg_ctl"), "start", "-w",
                                            "-t", "30", "-D", self.data, "-l",
                                            os.path.join(self.dir, "server.log"), "-o", options])
        self.running = reason is None
        return None if reason is None else reason + "\n" + self.log_tail(1500)

    def _run(self, what, argv):
        """Runs a server binary (as `postgres` when we are root); None, or why it failed."""
        if self.as_postgres:
            argv = ["/usr/sbin/runuser", "-u", "postgres", "--"] + argv
        result = subprocess.run(argv, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=90)
        if result.returncode != 0:
            return "%s failed (%d):\n%s" % (what, result.returncode,
                                            (result.stdout + result.stderr)[-1500:])
        return None

    def _start_watchdog(self):
        # A test process killed by ctest's timeout runs no cleanup. A small shell in its own
        # session waits for the end of a pipe only this process holds, then stops the server and
        # removes the directory; after a normal stop it finds nothing left to do.
        pg_ctl = "%s%s stop -m immediate -D %s" % (
            "/usr/sbin/runuser -u postgres -- " if self.as_postgres else "",
            os.path.join(self.bin, "pg_ctl"), self.data)
        script = "read _; %s >/dev/null 2>&1; rm -rf %s" % (pg_ctl, self.dir)
        self.watchdog = subprocess.Popen(["/bin/sh", "-c", script], stdin=subprocess.PIPE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                         start_new_session=True)


def _children_of(pid):
    children = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            # The command may hold spaces and parentheses: fields after the last ')'.
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                children.append(int(entry))
    return children


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return False
