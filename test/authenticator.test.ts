import { describe, expect, it } from 'vitest'
import { createAuthenticator } from '../server/authenticator.js'

const errorName = (result: { errorName: string } | undefined) => result?.errorName

describe('the authenticator', () => {
  it('opens any SID to any non-empty api-key when there is no accounts list', () => {
    const auth = createAuthenticator()
    expect(auth.check('HXA', 'anything')).toBeUndefined()
    expect(errorName(auth.check('HXA', '  '))).toBe('API_KEY_MISSING')
    expect(errorName(auth.check('HXA', undefined))).toBe('API_KEY_MISSING')
  })

  it('accepts only the listed pairs when given an accounts list', () => {
    const auth = createAuthenticator([{ sid: 'HXA', apiKey: 'ka' }])
    expect(auth.check('HXA', 'ka')).toBeUndefined()
    expect(errorName(auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(errorName(auth.check('HXB', 'ka'))).toBe('API_KEY_INVALID')
  })

  it('closes a SID to every key but the registered ones, leaving other SIDs open', () => {
    const auth = createAuthenticator()
    auth.register('HXA', 'ka')
    expect(auth.check('HXA', 'ka')).toBeUndefined()
    expect(errorName(auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(auth.check('HXB', 'kb')).toBeUndefined()
  })

  it('adds registered keys to the listed ones, and reset keeps the list', () => {
    const auth = createAuthenticator([{ sid: 'HXA', apiKey: 'ka' }])
    auth.register('HXA', 'kb')
    auth.register('HXC', 'kc')
    expect(auth.check('HXA', 'ka')).toBeUndefined()
    expect(auth.check('HXA', 'kb')).toBeUndefined()
    expect(auth.check('HXC', 'kc')).toBeUndefined()
    auth.reset()
    expect(errorName(auth.check('HXA', 'kb'))).toBe('API_KEY_INVALID')
    expect(errorName(auth.check('HXC', 'kc'))).toBe('API_KEY_INVALID')
    expect(auth.check('HXA', 'ka')).toBeUndefined()
  })

  it('reopens a SID when its last registered key is unregistered', () => {
    const auth = createAuthenticator()
    auth.register('HXA', 'ka')
    auth.register('HXA', 'kb')
    auth.unregister('HXA', 'ka')
    expect(errorName(auth.check('HXA', 'ka'))).toBe('API_KEY_INVALID')
    auth.unregister('HXA', 'kb')
    expect(auth.check('HXA', 'ka')).toBeUndefined()
  })

  it('keeps registrations to its own app: two authenticators share nothing', () => {
    const first = createAuthenticator()
    const second = createAuthenticator()
    first.register('HXA', 'ka')
    expect(second.check('HXA', 'kb')).toBeUndefined()
  })
})
