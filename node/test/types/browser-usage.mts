// Typed usage of databrain/browser (checked by `npm run typecheck`, with the DOM library).
import { attachGuestToken, type GuestTokenReply } from 'databrain/browser'

const stop: () => void = attachGuestToken('dbn-dashboard', {
  url: '/api/guest-token',
  fetchOptions: { headers: { 'x-csrf-token': 'abc' } },
  onToken: (reply: GuestTokenReply) => console.log(reply.expiresAt ?? 'never expires'),
  onError: (err) => console.warn(err.status, err.message),
  timeoutMs: 5000,
})
stop()
attachGuestToken(document.createElement('dbn-metric'))
// @ts-expect-error the element or a selector
attachGuestToken(42)
