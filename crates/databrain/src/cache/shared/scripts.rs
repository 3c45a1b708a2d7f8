//! The shared tier's Lua scripts (run by EVALSHA, loaded again after a Redis restart). Each
//! touches only the entry key `t` and the lock key `l`, which share one hash tag, so they run
//! on Redis Cluster too.

use std::sync::LazyLock;

use redis::Script;

/// `t`, `l`; owner, lease ms, stale value. The entry (with its `PTTL`) unless it is the stale
/// value the caller has already refused; otherwise the lock if it is free.
/// Answers `{1, value, pttl}` (hit), `{2}` (lock taken), `{3}` (someone else holds it).
pub(crate) static GET_OR_LOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local v = redis.call('GET', KEYS[1])
if v and v ~= ARGV[3] then
  return {1, v, redis.call('PTTL', KEYS[1])}
end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {2}
end
return {3}
",
    )
});

/// `t`, `l`; value, px, owner (empty: no lock held). Writes the entry only if it would live
/// longer than the one there (an older token never replaces a newer one), then releases the
/// lock if the caller still owns it. Answers 1 if written.
pub(crate) static PUBLISH: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local cur = redis.call('PTTL', KEYS[1])
local written = 0
if cur < 0 or cur < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  written = 1
end
if ARGV[3] ~= '' and redis.call('GET', KEYS[2]) == ARGV[3] then
  redis.call('DEL', KEYS[2])
end
return written
",
    )
});

/// `l`; owner, lease ms. Extends the lease if the caller still owns the lock.
pub(crate) static RENEW: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
",
    )
});

/// `l`; owner. Compare-and-delete: frees the lock only if the caller still owns it.
pub(crate) static RELEASE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
",
    )
});
