import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { pageOfSids } from '../../server/accounts/account-store.js'

/** The plain definition: every SID after the cursor, sorted, the first `limit` of them. */
function reference (sids: string[], after: string | undefined, limit: number): { sids: string[], next: string | null } {
  const sorted = sids.filter((sid) => after === undefined || sid > after).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const taken = sorted.slice(0, limit)
  return { sids: taken, next: sorted.length > limit ? taken[taken.length - 1]! : null }
}

describe('a page of SIDs', () => {
  it('is the sorted SIDs after the cursor, the first `limit` of them, whatever order they come in', () => {
    fc.assert(fc.property(
      fc.uniqueArray(fc.string({ maxLength: 6 }), { maxLength: 60 }),
      fc.option(fc.string({ maxLength: 6 }), { nil: undefined }),
      fc.integer({ min: 1, max: 20 }),
      (sids, after, limit) => {
        expect(pageOfSids(sids, { after, limit })).toEqual(reference(sids, after, limit))
      },
    ), { numRuns: 2000 })
  })

  it('pages through 200,000 SIDs unsorted, each page the next SIDs in order', () => {
    const sids = Array.from({ length: 200_000 }, (_, i) => `HX${((i * 7919) % 200_000).toString().padStart(6, '0')}`)
    const seen: string[] = []
    let after: string | undefined
    for (let pages = 0; pages < 5; pages++) {
      const page = pageOfSids(sids, { after, limit: 500 })
      seen.push(...page.sids)
      after = page.next ?? undefined
    }
    expect(seen).toEqual(Array.from({ length: 2500 }, (_, i) => `HX${i.toString().padStart(6, '0')}`))
  })
})
