// A process that mints once against the mock named by DATABRAIN_BASE_URL (the parent injects
// the faults), for test/logging.test.mjs. `console`: with `logger: console` (stdout for
// debug/info); otherwise with the environment alone (DATABRAIN_LOG → stderr).
import { Databrain } from 'databrain'

const client = new Databrain(process.argv[2] === 'console' ? { logger: console } : {})
await client.createGuestToken({ clientId: 'user-1', dataAppName: process.argv[3] })
