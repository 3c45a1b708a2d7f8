//! A real `redis-server` for the shared-tier tests: started on a free loopback port, stopped
//! (and paused, resumed) by its pid. Tests skip with a message when redis-server is missing
//! unless `DATABRAIN_REQUIRE_REDIS=1` (CI installs it).

// Each test binary that includes it uses a part (shared_cache.rs all, shared_cache_tls.rs TLS).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct RedisServer {
    pub port: u16,
    /// With [`RedisServer::start_tls`]: the TLS port (`port` stays plain, for the tests' view).
    pub tls_port: Option<u16>,
    tls: Vec<String>,
    child: Option<Child>,
}

/// Whether redis-server can be run here (panics if it is required but missing).
pub fn available() -> bool {
    let found = Command::new("redis-server").arg("--version").stdout(Stdio::null()).status().is_ok_and(|s| s.success());
    if !found {
        assert!(std::env::var("DATABRAIN_REQUIRE_REDIS").is_err(), "redis-server is required (DATABRAIN_REQUIRE_REDIS is set)");
        eprintln!("skipped: redis-server is not installed");
    }
    found
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

impl RedisServer {
    pub fn start() -> RedisServer {
        let mut server = RedisServer { port: free_port(), tls_port: None, tls: Vec::new(), child: None };
        server.restart();
        server
    }

    /// Also serves TLS on a second loopback port with the certificate and key given (PEM
    /// files); the plain port stays open for the tests' own commands.
    pub fn start_tls(cert: &str, key: &str, ca: &str) -> RedisServer {
        let tls_port = free_port();
        let tls = ["--tls-port", &tls_port.to_string(), "--tls-cert-file", cert, "--tls-key-file", key, "--tls-ca-cert-file", ca, "--tls-auth-clients", "no"];
        let mut server = RedisServer {
            port: free_port(),
            tls_port: Some(tls_port),
            tls: tls.iter().map(|s| s.to_string()).collect(),
            child: None,
        };
        server.restart();
        server
    }

    /// Starts (again) on the same port, empty.
    pub fn restart(&mut self) {
        let child = Command::new("redis-server")
            .args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            .args(&self.tls)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("redis-server starts");
        self.child = Some(child);
        let until = Instant::now() + Duration::from_secs(10);
        while self.command(&[b"PING"]).is_none() {
            assert!(Instant::now() < until, "redis-server did not answer PING");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    fn pid(&self) -> u32 {
        self.child.as_ref().expect("running").id()
    }

    /// SIGKILL, and reaps it.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGSTOP: the port stays open, nothing answers (a slow Redis).
    pub fn pause(&self) {
        signal(self.pid(), "STOP");
    }

    pub fn resume(&self) {
        signal(self.pid(), "CONT");
    }

    /// One command over a plain RESP connection (the tests' view of Redis, independent of the
    /// SDK's client); the raw reply, or `None` if Redis did not answer.
    pub fn command(&self, args: &[&[u8]]) -> Option<Vec<u8>> {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).ok()?;
        s.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
        let mut out = format!("*{}\r\n", args.len()).into_bytes();
        for a in args {
            out.extend_from_slice(format!("${}\r\n", a.len()).as_bytes());
            out.extend_from_slice(a);
            out.extend_from_slice(b"\r\n");
        }
        s.write_all(&out).ok()?;
        let mut reply = Vec::new();
        let mut buf = [0u8; 65536];
        // Read until the reply is complete (our replies are small; a parse would be overkill:
        // stop when a read returns less than a full buffer and the reply ends in CRLF).
        loop {
            let n = s.read(&mut buf).ok()?;
            if n == 0 {
                break;
            }
            reply.extend_from_slice(&buf[..n]);
            if reply.ends_with(b"\r\n") && complete(&reply) {
                break;
            }
        }
        Some(reply)
    }

    /// Every key (SCAN).
    pub fn keys(&self) -> Vec<Vec<u8>> {
        let mut keys = Vec::new();
        let mut cursor = b"0".to_vec();
        loop {
            let reply = self.command(&[b"SCAN", &cursor, b"COUNT", b"1000"]).expect("SCAN answers");
            let (next, mut batch) = parse_scan(&reply);
            keys.append(&mut batch);
            if next == b"0" {
                return keys;
            }
            cursor = next;
        }
    }

    /// A key's value (`None`: absent).
    pub fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let reply = self.command(&[b"GET", key]).expect("GET answers");
        bulk(&reply)
    }

    pub fn pttl(&self, key: &[u8]) -> i64 {
        let reply = self.command(&[b"PTTL", key]).expect("PTTL answers");
        std::str::from_utf8(&reply[1..reply.len() - 2]).unwrap().parse().unwrap()
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        if let Some(child) = &self.child {
            signal(child.id(), "CONT");
        }
        self.kill();
    }
}

fn signal(pid: u32, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &pid.to_string()]).status().expect("kill runs");
    assert!(status.success(), "kill -{name} {pid}");
}

/// Whether `reply` holds one whole RESP value (enough of a parser for these tests).
fn complete(reply: &[u8]) -> bool {
    fn value(r: &[u8], i: &mut usize) -> Option<()> {
        let end = r[*i..].windows(2).position(|w| w == b"\r\n")? + *i;
        let line = &r[*i + 1..end];
        let kind = r[*i];
        *i = end + 2;
        match kind {
            b'$' => {
                let n: i64 = std::str::from_utf8(line).ok()?.parse().ok()?;
                if n >= 0 {
                    *i += n as usize + 2;
                    if *i > r.len() {
                        return None;
                    }
                }
                Some(())
            }
            b'*' => {
                let n: i64 = std::str::from_utf8(line).ok()?.parse().ok()?;
                for _ in 0..n.max(0) {
                    value(r, i)?;
                }
                Some(())
            }
            _ => Some(()),
        }
    }
    let mut i = 0;
    value(reply, &mut i).is_some() && i == reply.len()
}

fn bulk(reply: &[u8]) -> Option<Vec<u8>> {
    if reply.starts_with(b"$-1") {
        return None;
    }
    let end = reply.windows(2).position(|w| w == b"\r\n")?;
    let n: usize = std::str::from_utf8(&reply[1..end]).ok()?.parse().ok()?;
    Some(reply[end + 2..end + 2 + n].to_vec())
}

fn parse_scan(reply: &[u8]) -> (Vec<u8>, Vec<Vec<u8>>) {
    // *2\r\n$N\r\ncursor\r\n*M\r\n($L\r\nkey\r\n)*
    let mut items = Vec::new();
    let mut i = 0;
    while i < reply.len() {
        let end = reply[i..].windows(2).position(|w| w == b"\r\n").unwrap() + i;
        if reply[i] == b'$' {
            let n: usize = std::str::from_utf8(&reply[i + 1..end]).unwrap().parse().unwrap();
            items.push(reply[end + 2..end + 2 + n].to_vec());
            i = end + 2 + n + 2;
        } else {
            i = end + 2;
        }
    }
    let cursor = items.remove(0);
    (cursor, items)
}
