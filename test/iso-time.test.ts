import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoTime } from '../server/http/iso-time.js'

describe('isoTime', () => {
  it('writes every instant exactly as Date#toISOString does', () => {
    fc.assert(fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
      expect(isoTime(ms)).toBe(new Date(ms).toISOString())
    }), { numRuns: 5000 })
  })

  it('agrees with toISOString for instants in one second, in any order, and for fractional milliseconds', () => {
    const base = Date.UTC(2026, 10, 25, 15, 4, 5)
    for (const offset of [0, 999, 1, 500, 1000, 999.9, 7.5, -1, 1999, -base - 1.5]) {
      expect(isoTime(base + offset)).toBe(new Date(base + offset).toISOString())
    }
  })
})
