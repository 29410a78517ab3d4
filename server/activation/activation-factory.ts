import { randomBytes } from 'node:crypto'
import type { Activation } from './activation-schemas.js'
import { sha256 } from '../platform/sha256.js'
import type { ValidActivation } from './validate-activation.js'

export type { Activation } from './activation-schemas.js'

/** "Pending review": the only status the documentation shows for a new request. */
const PENDING_STATUS = 2

export interface ActivationFactoryOptions {
  /** Makes every generated value reproducible; random per app when absent. */
  seed?: string
  /** Milliseconds since the epoch; the system clock when absent. */
  now?: () => number
}

/** The ids an activation is built from, drawn from the accounts store's counters by its claim. */
export interface ActivationIds {
  businessDetailsId: number
  certificateId: number
  phoneNumberId: number
}

export interface ActivationFactory {
  build (sid: string, input: ValidActivation, ids: ActivationIds): Activation
}

/** The lower-case English name of a region, as the service writes `country`; empty for no code. */
type CountryNamer = (isoCode: string) => string

function createCountryNamer (): CountryNamer {
  // Made on first use (loading ICU's region names costs start-up ~25 ms) and asked once per code.
  let regionNames: Intl.DisplayNames | undefined
  // Bounded by the regions libphonenumber knows (about 250).
  const names = new Map<string, string>()
  return (isoCode) => {
    if (isoCode === '') return ''
    let name = names.get(isoCode)
    if (name === undefined) {
      regionNames ??= new Intl.DisplayNames(['en'], { type: 'region' })
      name = (regionNames.of(isoCode) ?? isoCode).toLowerCase()
      names.set(isoCode, name)
    }
    return name
  }
}

/**
 * Generates success bodies the way the real service fills them. Values that the
 * service would draw at random are derived from (seed, sid), so one account always
 * gets the same company, user, namespace and WABA id under one seed, whatever order
 * requests arrive in; only the counters depend on order.
 */
export function createActivationFactory (options: ActivationFactoryOptions = {}): ActivationFactory {
  const seed = options.seed ?? randomBytes(16).toString('hex')
  const now = options.now ?? Date.now
  const countryName = createCountryNamer()

  function digest (sid: string, purpose: string): Buffer {
    return sha256(`${seed}\0${sid}\0${purpose}`)
  }

  function digits (sid: string, purpose: string, length: number): string {
    const value = BigInt('0x' + digest(sid, purpose).toString('hex'))
    const text = (value % 10n ** BigInt(length)).toString().padStart(length, '0')
    return (Number(text[0]) === 0 ? '1' : text[0]) + text.slice(1)
  }

  return {
    build (sid, input, ids) {
      const companyId = 'Z' + BigInt('0x' + digest(sid, 'company').toString('hex')).toString(36).slice(0, 6)
      const userId = digits(sid, 'user', 10)
      const timestamp = String(Math.floor(now() / 1000))
      const ns = digest(sid, `namespace:${ids.businessDetailsId}`).toString('hex')
      const namespace = [ns.slice(0, 8), ns.slice(8, 12), ns.slice(12, 16), ns.slice(16, 20), ns.slice(20, 32)].join('_')
      return {
        business_details: {
          id: ids.businessDetailsId,
          company_id: companyId,
          business_id: input.businessId,
          business_name: input.businessName,
          certificate_id: ids.certificateId,
          status: PENDING_STATUS,
          namespace,
          created_at: timestamp,
          modified_at: timestamp,
          created_by: userId,
          modified_by: userId,
          waba_id: digits(sid, `waba:${ids.businessDetailsId}`, 16),
        },
        phone_number: {
          created_by: userId,
          created_at: timestamp,
          company_id: companyId,
          name: input.displayName,
          incoming_url: input.incomingUrl,
          phone_number: input.waNumber,
          country: countryName(input.isoCode),
          status: PENDING_STATUS,
          iso_code: input.isoCode,
          id: ids.phoneNumberId,
        },
        template: '',
      }
    },
  }
}
