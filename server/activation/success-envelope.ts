import { ACTIVATION_CREATED, type Activation, type SuccessEnvelope } from './activation-schemas.js'

/**
 * The endpoint's one success answer. Error answers come from the catalogue (http/errors.ts);
 * this is the only other envelope the mock sends, and only the activation sends it.
 */
export function buildSuccessEnvelope (item: Activation): SuccessEnvelope {
  return { code: ACTIVATION_CREATED.code, message: ACTIVATION_CREATED.message, data: [item], error: {} }
}
