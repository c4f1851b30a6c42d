"""Fixtures for the packaging tests: the project's nginx config serving a read-only copy of dist/,
run as an unprivileged user on a free loopback port, in front of a real sark-sandbox.

Inputs (all have defaults for a checkout where `make dist` and the sandbox build have run):
  SARK_DIST          dist/ to serve                      (default: <repo>/dist)
  SARK_CSP_HASHES    build-time CSP hash file            (default: <repo>/build/csp-script-hashes.txt)
  SARK_SANDBOX_BIN   the sandbox binary                  (default: <repo>/target/sandbox/sark-sandbox)
Every server started here stops by itself (--exit-after / SARK_EXIT_AFTER) and is also stopped by
the fixture's finalizer.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DIST = Path(os.environ.get("SARK_DIST", ROOT / "dist"))
CSP_HASHES = Path(os.environ.get("SARK_CSP_HASHES", ROOT / "build" / "csp-script-hashes.txt"))
SANDBOX_BIN = Path(os.environ.get("SARK_SANDBOX_BIN", ROOT / "target" / "sandbox" / "sark-sandbox"))
# Long enough for the whole module, short enough that nothing outlives a crashed run for long.
SERVER_LIFETIME_S = 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url: str, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode} before {url} answered")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, OSError) as e:
            last = e
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer 200 within {timeout}s: {last}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def read_only_copy(src: Path, dst: Path) -> Path:
    """Copy a tree and drop every write bit, as the image's read-only root filesystem would."""
    shutil.copytree(src, dst)
    for p in [dst, *dst.rglob("*")]:
        mode = p.stat().st_mode
        p.chmod(mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return dst


@dataclass
class Sandbox:
    url: str
    jwt_secret: str

    def mint(self, user: str = "admin", *extra: str) -> str:
        out = subprocess.run(
            [str(SANDBOX_BIN), "mint-token", "--jwt-secret", self.jwt_secret, "--user", user, *extra],
            check=True, capture_output=True, text=True, timeout=30,
        )
        return out.stdout.strip()


@dataclass
class Site:
    url: str
    port: int
    runtime: Path
    web_root: Path
    conf_dir: Path
    proc: subprocess.Popen
    env: dict

    @property
    def access_log(self) -> Path:
        return self.runtime / "access.log"


@pytest.fixture(scope="session")
def workdir():
    d = Path(tempfile.mkdtemp(prefix="sark-packaging-"))
    # nginx runs as nobody when the tests run as root: it must be able to traverse into here.
    d.chmod(0o755)
    yield d
    for p in [d, *d.rglob("*")]:
        try:
            p.chmod(p.stat().st_mode | stat.S_IWUSR)
        except OSError:
            pass
    shutil.rmtree(d, ignore_errors=True)


@pytest.fixture(scope="session")
def sandbox():
    if not SANDBOX_BIN.exists():
        pytest.fail(f"{SANDBOX_BIN} missing: run `cargo build --profile sandbox -p sark-sandbox` (make test does)")
    port = free_port()
    secret = secrets.token_hex(24)
    proc = subprocess.Popen(
        [str(SANDBOX_BIN), "--addr", f"127.0.0.1:{port}", "--db", ":memory:", "--seed",
         "--jwt-secret", secret, "--exit-after", str(SERVER_LIFETIME_S)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        wait_http(f"http://127.0.0.1:{port}/health/", proc=proc)
        yield Sandbox(url=f"http://127.0.0.1:{port}", jwt_secret=secret)
    finally:
        stop(proc)


@pytest.fixture(scope="session")
def site_files(workdir):
    """Read-only copies of dist/ and of the config templates (+ the CSP hash file)."""
    if not (DIST / "index.html").exists():
        pytest.fail(f"{DIST}/index.html missing: run `make dist` first")
    web_root = read_only_copy(DIST, workdir / "www")
    conf_src = workdir / "conf-src"
    shutil.copytree(ROOT / "nginx", conf_src)
    # Laid out as in the image: the root nginx.conf template beside its snippets.
    shutil.copy(ROOT / "nginx.conf", conf_src / "nginx.conf")
    shutil.copy(CSP_HASHES, conf_src / "csp-script-hashes.txt")
    conf_dir = read_only_copy(conf_src, workdir / "conf")
    return web_root, conf_dir


def start_site(workdir: Path, site_files, name: str, upstream: str, **env_extra: str) -> Site:
    web_root, conf_dir = site_files
    port = free_port()
    runtime = workdir / f"run-{name}"
    env = {
        "PATH": os.environ["PATH"],
        "SARK_API_UPSTREAM": upstream,
        "SARK_LISTEN": f"127.0.0.1:{port}",
        "SARK_CONF_DIR": str(conf_dir),
        "SARK_WEB_ROOT": str(web_root),
        "SARK_CSP_HASHES": str(conf_dir / "csp-script-hashes.txt"),
        "SARK_RUNTIME_DIR": str(runtime),
        "SARK_EXIT_AFTER": str(SERVER_LIFETIME_S),
        **env_extra,
    }
    log = open(workdir / f"nginx-{name}.stderr", "wb")
    proc = subprocess.Popen([str(ROOT / "scripts" / "nginx-local.sh")], env=env, stdout=log, stderr=log)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", proc=proc)
    except Exception:
        stop(proc)
        raise RuntimeError((workdir / f"nginx-{name}.stderr").read_text())
    return Site(url=f"http://127.0.0.1:{port}", port=port, runtime=runtime, web_root=web_root,
                conf_dir=conf_dir, proc=proc, env=env)


@pytest.fixture(scope="session")
def site(workdir, site_files, sandbox):
    s = start_site(workdir, site_files, "main", sandbox.url,
                   SARK_ENVIRONMENT='packaging "test"', SARK_DEMO="true", SARK_ENABLE_WEBSOCKETS="false")
    yield s
    stop(s.proc)


@pytest.fixture(scope="session")
def cdn_site(workdir, site_files, sandbox):
    """The same files with SARK_ASSET_BASE pointing at a second origin (a stand-in for a CDN)."""
    s = start_site(workdir, site_files, "cdn", sandbox.url,
                   SARK_ASSET_BASE="http://127.0.0.1:9/assets/v1/")
    yield s
    stop(s.proc)
