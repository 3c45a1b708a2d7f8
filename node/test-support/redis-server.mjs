// A real redis-server for the shared-tier tests: started on a free loopback port, stopped by
// its pid. `startRedis()` resolves to null when redis-server is missing (the test skips),
// unless DATABRAIN_REQUIRE_REDIS is set (CI installs it).
import { spawn, spawnSync } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
    server.on('error', reject)
  })
}

function answers(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write('*1\r\n$4\r\nPING\r\n'))
    socket.setTimeout(1000, () => { socket.destroy(); resolve(false) })
    socket.on('data', (d) => { socket.destroy(); resolve(d.toString().startsWith('+PONG')) })
    socket.on('error', () => resolve(false))
  })
}

/** `{ url, stop() }` for a fresh redis-server, or null when it is not installed. */
export async function startRedis() {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    if (process.env.DATABRAIN_REQUIRE_REDIS) throw new Error('redis-server is required (DATABRAIN_REQUIRE_REDIS is set)')
    return null
  }
  const port = await freePort()
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  })
  const deadline = Date.now() + 10_000
  while (!(await answers(port))) {
    if (Date.now() > deadline) throw new Error('redis-server did not answer PING')
    await sleep(20)
  }
  return {
    url: `redis://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => {
      child.once('exit', resolve)
      process.kill(child.pid, 'SIGKILL')
    }),
  }
}
